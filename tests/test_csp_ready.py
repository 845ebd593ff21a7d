"""No inline scripts, styles or event-handler attributes, so a strict CSP can be added."""

import re
from pathlib import Path

import pytest

from tests.factories import appearance_named, make_fan_rating

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
]


def _offences(html: str) -> list[str]:
    return [what for pattern, what in INLINE if pattern.search(html)]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<script src="/static/htmx.min.js" defer></script>', []),
        ("<script>alert(1)</script>", ["inline <script>"]),
        ("<style>p{}</style>", ["<style> element"]),
        ('<button onclick="go()">', ["event-handler attribute"]),
        ('<p style="color:red">', ["style attribute"]),
    ],
)
def test_csp_checker_finds_inline_code(html, expected):
    assert _offences(html) == expected


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_csp_templates_have_no_inline_code(path):
    assert _offences(path.read_text()) == []


def test_csp_rendered_pages_have_no_inline_code(client, match, fan):
    make_fan_rating(appearance_named(match, "Alex Meret"), score=7)
    client.force_login(fan)
    urls = ["/", f"/matches/{match.pk}/", f"/matches/{match.pk}/results/", "/accounts/signup/"]

    pages = {url: client.get(url) for url in urls}

    assert {url: response.status_code for url, response in pages.items()} == dict.fromkeys(
        urls, 200
    )
    assert {url: _offences(r.content.decode()) for url, r in pages.items()} == dict.fromkeys(
        urls, []
    )
