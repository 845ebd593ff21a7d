"""Home page cards: the clubs' colours and badges, the score, and whether the fan rated it."""

from html.parser import HTMLParser

from django.urls import reverse

from tests.factories import appearance_named, make_fan, make_fan_rating, make_match, make_team


class Cards(HTMLParser):
    """Per card: the colours its band is drawn in, its badges' initials and its pills."""

    def __init__(self):
        super().__init__()
        self.cards: list[dict] = []
        self.where: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "li" and "match-card" in classes:
            self.cards.append({"band": [], "badges": [], "pills": []})
        elif self.cards and tag == "rect" and self.where is None:
            self.cards[-1]["band"].append(attrs["fill"])
        elif tag == "svg" and "club-badge" in classes:
            self.where = "badge"
        elif tag == "svg":
            self.where = None
        elif tag == "span" and "badge" in classes:
            self.where = "pill"

    def handle_endtag(self, tag):
        if tag == "svg" and self.where == "badge":
            self.where = "after-badge"
        elif tag == "span" and self.where == "pill":
            self.where = None

    def handle_data(self, data):
        if self.where == "badge" and data.strip():
            self.cards[-1]["badges"].append(data.strip())
        elif self.where == "pill":
            self.cards[-1]["pills"].append(data.strip())


def cards(html: str) -> list[dict]:
    parser = Cards()
    parser.feed(html)
    return parser.cards


def test_cards_show_club_colours_badges_and_whether_the_fan_rated(client, db):
    napoli = make_team("Napoli")
    napoli.primary_colour = "#12a0d7"
    napoli.save()
    rated = make_match(home="Napoli", away="Juventus")
    make_match(home="Roma", away="Lazio")
    fan = make_fan("carded")
    make_fan_rating(appearance_named(rated, "Alex Meret"), fan=fan, score=7)
    client.force_login(fan)

    response = client.get(reverse("matches:list"))

    assert [
        (card["band"], card["badges"], card["pills"]) for card in cards(response.content.decode())
    ] == [
        (["#4a5360", "#4a5360"], ["ROM", "LAZ"], ["Rating open"]),
        (["#12a0d7", "#4a5360"], ["NAP", "JUV"], ["Rating open", "You rated it"]),
    ]


def test_anonymous_cards_say_nothing_about_rating(client, db):
    make_match()

    response = client.get(reverse("matches:list"))

    assert [card["pills"] for card in cards(response.content.decode())] == [["Rating open"]]
