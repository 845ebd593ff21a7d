import json

from django.urls import reverse


def test_favicon_ico_is_the_svg_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.decode().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "max-age=86400" in response["Cache-Control"]


def test_maskable_icon_fills_its_square(client, db):
    response = client.get(reverse("matches:icon_maskable"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert '<rect width="32" height="32" fill=' in response.content.decode()


def test_manifest_names_the_app_its_colours_and_icons(client, db):
    response = client.get(reverse("matches:manifest"))

    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert (manifest["name"], manifest["short_name"], manifest["start_url"]) == (
        "Terrace: crowd v editor player ratings",
        "Terrace",
        "/",
    )
    assert (manifest["display"], manifest["theme_color"]) == ("standalone", "#074d29")
    assert [(icon["src"], icon["type"], icon["purpose"]) for icon in manifest["icons"]] == [
        ("/icon.svg", "image/svg+xml", "any"),
        ("/icon-maskable.svg", "image/svg+xml", "maskable"),
    ]


def test_every_page_links_the_icon_and_the_manifest(client, db):
    response = client.get(reverse("matches:list"))

    html = response.content.decode()
    assert '<link rel="icon" href="/icon.svg" type="image/svg+xml">' in html
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


def test_icons_refuse_post(client, db):
    assert client.post("/favicon.ico").status_code == 405
    assert client.post(reverse("matches:manifest")).status_code == 405
