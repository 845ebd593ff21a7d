"""Bad input, table-driven: malformed and hostile requests to every write endpoint.

For each: the status, the message the person sees, that no row changed (or only the one
the case allows), and that nothing was logged at ERROR.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from matches.models import Appearance, Match, MatchEvent, Player, Team
from ratings.models import EditorRating, FanRating
from tests.factories import (
    appearance_named,
    make_closed_match,
    make_editor,
    make_fan,
    make_fan_rating,
    make_match,
    seed_report,
)

FORM = "application/x-www-form-urlencoded"
BIG = "x" * (3 * 1024 * 1024)
MANY = {f"field{n}": "1" for n in range(2000)}
RLO = "\u202e"  # right-to-left override
NUL = "\x00"

# Messages, as the person reads them.
BAD_SCORE = "Rate Alex Meret with a whole number from 1 to 10."
NO_SCORE = "Choose a rating from 1 to 10 for Alex Meret."
EXPIRED = "Your form had expired"
UNREADABLE = "That request could not be read"
NOT_FOUND = "Page not found"
NOT_UTF8 = "Terrace only accepts forms sent as UTF-8"
UNKNOWN_PLAYER = "Some ratings were for players who did not play in this match; nothing was saved."
NOTHING_CHOSEN = "Choose a rating for at least one player, then save."
CLOSED = "Rating for this match has closed; your ratings were not saved."
NOT_OPEN = "Rating for this match has not opened yet."
BAD_LOGIN = "Please enter a correct username and password."
NUL_REFUSED = "Null characters are not allowed."


@dataclass
class Case:
    id: str
    endpoint: str  # rate, ballot, signup, login, import
    status: int
    message: str
    data: Callable[[SimpleNamespace], dict | bytes] | dict | bytes | None = None
    method: str = "POST"
    content_type: str = FORM
    htmx: bool = False
    user: str = "fan"  # fan, anonymous, editor
    csrf: str = "ok"  # ok, missing, wrong
    target: str = "open"  # which match the URL names: open, closed, future, other
    appearance: str = "meret"  # meret, other-match, unknown
    adds: list[tuple[str, int]] = field(default_factory=list)  # (player, score) the fan saves

    def __str__(self) -> str:
        return self.id


def rating(score) -> Callable:
    return lambda ctx: {f"rating-{ctx.meret.pk}": score}


RATE = [
    Case("rate score 0", "rate", 200, BAD_SCORE, rating("0"), htmx=True),
    Case("rate score 11", "rate", 200, BAD_SCORE, rating("11"), htmx=True),
    Case("rate score -1", "rate", 200, BAD_SCORE, rating("-1"), htmx=True),
    Case("rate score 7.5", "rate", 200, BAD_SCORE, rating("7.5"), htmx=True),
    Case("rate empty score", "rate", 200, NO_SCORE, rating(""), htmx=True),
    Case("rate blank score", "rate", 200, BAD_SCORE, rating(" "), htmx=True),
    Case("rate letters", "rate", 200, BAD_SCORE, rating("abc"), htmx=True),
    Case("rate 1e1", "rate", 200, BAD_SCORE, rating("1e1"), htmx=True),
    Case("rate huge number", "rate", 200, BAD_SCORE, rating("9" * 400), htmx=True),
    Case("rate NUL", "rate", 200, BAD_SCORE, rating(f"7{NUL}"), htmx=True),
    Case("rate right-to-left", "rate", 200, BAD_SCORE, rating(f"{RLO}7"), htmx=True),
    Case("rate Arabic-Indic 7", "rate", 200, BAD_SCORE, rating("\u0667"), htmx=True),
    Case("rate full-width 7", "rate", 200, BAD_SCORE, rating("\uff17"), htmx=True),
    Case("rate superscript 2", "rate", 200, BAD_SCORE, rating("\u00b2"), htmx=True),
    Case(
        "rate repeated field",
        "rate",
        200,
        BAD_SCORE,
        lambda ctx: f"rating-{ctx.meret.pk}=7&rating-{ctx.meret.pk}=3".encode(),
        htmx=True,
    ),
    Case("rate no field", "rate", 200, NO_SCORE, {}, htmx=True),
    Case(
        "rate player of another match",
        "rate",
        404,
        NOT_FOUND,
        rating("7"),
        htmx=True,
        appearance="other-match",
    ),
    Case(
        "rate unknown player", "rate", 404, NOT_FOUND, rating("7"), htmx=True, appearance="unknown"
    ),
    Case("rate unknown match", "rate", 404, NOT_FOUND, rating("7"), htmx=True, target="unknown"),
    Case("rate closed match", "rate", 200, CLOSED, rating("7"), htmx=True, target="closed"),
    Case("rate match not open yet", "rate", 200, NOT_OPEN, rating("7"), htmx=True, target="future"),
    Case(
        "rate another fan's rating",
        "rate",
        200,
        "7 out of 10",
        lambda ctx: {
            f"rating-{ctx.meret.pk}": "7",
            "fan": str(ctx.other_fan.pk),
            "fan_id": str(ctx.other_fan.pk),
        },
        htmx=True,
        adds=[("Alex Meret", 7)],
    ),
    Case("rate without CSRF token", "rate", 403, EXPIRED, rating("7"), htmx=True, csrf="missing"),
    Case("rate wrong CSRF token", "rate", 403, EXPIRED, rating("7"), htmx=True, csrf="wrong"),
    Case("rate anonymous", "rate", 200, "", rating("7"), htmx=True, user="anonymous"),
    Case("rate 3 MB body", "rate", 400, UNREADABLE, {"rating-1": BIG}, htmx=True),
    Case("rate 2000 fields", "rate", 400, UNREADABLE, MANY, htmx=True),
    Case(
        "rate UTF-16 body",
        "rate",
        400,
        NOT_UTF8,
        lambda ctx: f"rating-{ctx.meret.pk}=7".encode("utf-16"),
        htmx=True,
        content_type=f"{FORM}; charset=utf-16",
    ),
    Case("rate GET", "rate", 405, "", None, method="GET", htmx=True),
    Case("rate PUT", "rate", 405, "", rating("7"), method="PUT", htmx=True),
    Case("rate DELETE", "rate", 405, "", None, method="DELETE", htmx=True),
    Case(
        "rate JSON body",
        "rate",
        200,
        NO_SCORE,
        lambda ctx: b'{"rating": 7}',
        htmx=True,
        content_type="application/json",
    ),
    Case(
        "rate text body",
        "rate",
        200,
        NO_SCORE,
        lambda ctx: b"rating=7",
        htmx=True,
        content_type="text/plain",
    ),
    Case(
        "rate multipart without boundary",
        "rate",
        400,
        UNREADABLE,
        b"--x--",
        htmx=True,
        content_type="multipart/form-data",
    ),
]

BALLOT = [
    Case("ballot score 0", "ballot", 200, BAD_SCORE, rating("0")),
    Case("ballot score 11", "ballot", 200, BAD_SCORE, rating("11")),
    Case("ballot score 7.5", "ballot", 200, BAD_SCORE, rating("7.5")),
    Case("ballot NUL", "ballot", 200, BAD_SCORE, rating(NUL)),
    Case("ballot Arabic-Indic 7", "ballot", 200, BAD_SCORE, rating("\u0667")),
    Case("ballot nothing chosen", "ballot", 200, NOTHING_CHOSEN, {}),
    Case("ballot blank everywhere", "ballot", 200, NOTHING_CHOSEN, rating("")),
    Case(
        "ballot repeated field",
        "ballot",
        200,
        BAD_SCORE,
        lambda ctx: f"rating-{ctx.meret.pk}=7&rating-{ctx.meret.pk}=8".encode(),
    ),
    Case(
        "ballot player of another match",
        "ballot",
        200,
        UNKNOWN_PLAYER,
        lambda ctx: {f"rating-{ctx.meret.pk}": "7", f"rating-{ctx.elsewhere.pk}": "7"},
    ),
    Case(
        "ballot unknown player",
        "ballot",
        200,
        UNKNOWN_PLAYER,
        lambda ctx: {f"rating-{ctx.meret.pk}": "7", "rating-99999999": "7"},
    ),
    # A plain POST redirects back to the match (Post/Redirect/Get) with the message flashed.
    Case("ballot closed match", "ballot", 302, CLOSED, rating("7"), target="closed"),
    Case("ballot not open yet", "ballot", 302, NOT_OPEN, rating("7"), target="future"),
    Case(
        "ballot anonymous", "ballot", 302, "Log in to rate players.", rating("7"), user="anonymous"
    ),
    Case("ballot without CSRF token", "ballot", 403, EXPIRED, rating("7"), csrf="missing"),
    Case("ballot 3 MB body", "ballot", 400, UNREADABLE, {"rating-1": BIG}),
    Case("ballot 2000 fields", "ballot", 400, UNREADABLE, MANY),
    Case(
        "ballot latin-1 body",
        "ballot",
        400,
        NOT_UTF8,
        rating("7"),
        content_type=f"{FORM}; charset=latin-1",
    ),
    Case("ballot PATCH", "ballot", 405, "", rating("7"), method="PATCH"),
]


def signup(**overrides) -> dict:
    return {
        "username": "new-fan",
        "email": "new-fan@example.org",
        "password1": "a-long-test-password-1871",
        "password2": "a-long-test-password-1871",
        **overrides,
    }


SIGNUP = [
    Case("signup empty", "signup", 200, "This field is required.", {}, user="anonymous"),
    Case(
        "signup NUL in username",
        "signup",
        200,
        NUL_REFUSED,
        signup(username=f"fan{NUL}"),
        user="anonymous",
    ),
    Case(
        "signup right-to-left username",
        "signup",
        200,
        "Enter a valid username.",
        signup(username=f"{RLO}naf"),
        user="anonymous",
    ),
    Case(
        "signup huge username",
        "signup",
        200,
        "at most 150 characters",
        signup(username="f" * 5000),
        user="anonymous",
    ),
    Case(
        "signup passwords differ",
        "signup",
        200,
        "The two password fields didn",
        signup(password2="something-else-entirely-99"),
        user="anonymous",
    ),
    Case(
        "signup bad email",
        "signup",
        200,
        "Enter a valid email address.",
        signup(email="not-an-email"),
        user="anonymous",
    ),
    Case(
        "signup taken username",
        "signup",
        200,
        "That username is taken",
        signup(username="fan"),
        user="anonymous",
    ),
    Case("signup without CSRF", "signup", 403, EXPIRED, signup(), user="anonymous", csrf="missing"),
    Case("signup 2000 fields", "signup", 400, UNREADABLE, MANY, user="anonymous"),
    Case(
        "signup UTF-16",
        "signup",
        400,
        NOT_UTF8,
        lambda ctx: b"username=x",
        user="anonymous",
        content_type=f"{FORM}; charset=utf-16",
    ),
]

LOGIN = [
    Case(
        "login wrong password",
        "login",
        200,
        BAD_LOGIN,
        {"username": "fan", "password": "wrong"},
        user="anonymous",
    ),
    Case(
        "login NUL in username",
        "login",
        200,
        NUL_REFUSED,
        {"username": f"fan{NUL}", "password": "x"},
        user="anonymous",
    ),
    Case(
        "login huge password",
        "login",
        200,
        BAD_LOGIN,
        {"username": "fan", "password": "p" * 100_000},
        user="anonymous",
    ),
    Case("login empty", "login", 200, "This field is required.", {}, user="anonymous"),
    Case(
        "login repeated username",
        "login",
        200,
        BAD_LOGIN,
        b"username=fan&username=other-fan&password=wrong",
        user="anonymous",
    ),
    Case("login 3 MB body", "login", 400, UNREADABLE, {"username": BIG}, user="anonymous"),
    Case(
        "login UTF-16",
        "login",
        400,
        NOT_UTF8,
        lambda ctx: "username=fan".encode("utf-16"),
        user="anonymous",
        content_type=f"{FORM}; charset=utf-16",
    ),
    Case(
        "login wrong CSRF",
        "login",
        403,
        EXPIRED,
        {"username": "fan", "password": "x"},
        user="anonymous",
        csrf="wrong",
    ),
]

IMPORT = [
    Case(
        "import superscript player choice",
        "import",
        200,
        "is not one of this team's players",
        lambda ctx: {"report": seed_report(), "save": "Save", "player-t0-p0": "\u00b2"},
        user="editor",
    ),
    Case(
        "import empty report",
        "import",
        200,
        "This field is required.",
        {"report": ""},
        user="editor",
    ),
    Case(
        "import NUL report", "import", 200, NUL_REFUSED, {"report": f"Napoli{NUL}"}, user="editor"
    ),
    Case(
        "import gibberish saved",
        "import",
        200,
        "line",
        {"report": "%%%% ???\n\u202e\u0667\n" * 50, "save": "Save"},
        user="editor",
    ),
    Case(
        "import as a fan", "import", 302, "", lambda ctx: {"report": seed_report(), "save": "Save"}
    ),
    Case(
        "import without CSRF",
        "import",
        403,
        EXPIRED,
        {"report": "x"},
        user="editor",
        csrf="missing",
    ),
    Case("import 3 MB", "import", 400, UNREADABLE, {"report": BIG}, user="editor"),
    Case("import 2000 fields", "import", 400, UNREADABLE, MANY, user="editor"),
]

CASES = RATE + BALLOT + SIGNUP + LOGIN + IMPORT


def test_the_table_covers_every_write_endpoint_with_40_cases_or_more():
    by_endpoint = {}
    for case in CASES:
        by_endpoint[case.endpoint] = by_endpoint.get(case.endpoint, 0) + 1

    assert set(by_endpoint) == {"rate", "ballot", "signup", "login", "import"}
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


def _snapshot() -> dict:
    return {
        "fan_ratings": sorted(FanRating.objects.values_list("fan_id", "appearance_id", "score")),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "teams": Team.objects.count(),
        "players": Player.objects.count(),
        "matches": sorted(Match.objects.values_list("pk", "home_score", "away_score")),
        "appearances": sorted(Appearance.objects.values_list("pk", "player_id", "match_id")),
        "editor_ratings": sorted(EditorRating.objects.values_list("appearance_id", "quarters")),
        "events": MatchEvent.objects.count(),
    }


def _url(case: Case, ctx: SimpleNamespace) -> str:
    match = {
        "open": ctx.match,
        "closed": ctx.closed,
        "future": ctx.future,
        "unknown": SimpleNamespace(pk=99999999),
    }[case.target]
    if case.endpoint == "rate":
        appearance = {
            "meret": appearance_named(match, "Alex Meret")
            if case.target != "unknown"
            else ctx.meret,
            "other-match": ctx.elsewhere,
            "unknown": SimpleNamespace(pk=99999999),
        }[case.appearance]
        return f"/matches/{match.pk}/players/{appearance.pk}/rating/"
    return {
        "ballot": f"/matches/{match.pk}/",
        "signup": "/accounts/signup/",
        "login": "/accounts/login/",
        "import": f"/admin/matches/match/{ctx.match.pk}/import/",
    }[case.endpoint]


def _visible_text(content: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


@pytest.fixture
def ctx(db):
    cache.clear()  # throttling counters from earlier tests
    match = make_match()
    closed = make_closed_match(home="Roma", away="Lazio")
    future = make_match(
        home="Inter",
        away="Milan",
        rating_opens_at=timezone.now() + timedelta(days=1),
        rating_closes_at=timezone.now() + timedelta(days=8),
    )
    fan = make_fan("fan")
    other_fan = make_fan("other-fan")
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, other_fan, score=4)
    make_fan_rating(appearance_named(closed, "Alex Meret"), fan, score=5)
    return SimpleNamespace(
        match=match,
        closed=closed,
        future=future,
        fan=fan,
        other_fan=other_fan,
        editor=make_editor(),
        meret=meret,
        elsewhere=appearance_named(closed, "Alex Sandro"),
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input_is_refused_clearly_changes_nothing_and_logs_no_error(ctx, log_lines, case):
    client = Client(enforce_csrf_checks=True)
    if case.user != "anonymous":
        client.force_login(ctx.editor if case.user == "editor" else ctx.fan)
    client.get("/")  # the CSRF cookie, as any page sets it
    headers = {"HX-Request": "true"} if case.htmx else {}
    if case.csrf != "missing":
        token = client.cookies["csrftoken"].value if case.csrf == "ok" else "x" * 32
        headers["X-CSRFToken"] = token
    if case.target in ("closed", "future"):  # the scores name that match's player
        target = ctx.closed if case.target == "closed" else ctx.future
        ctx = SimpleNamespace(**vars(ctx) | {"meret": appearance_named(target, "Alex Meret")})
    data = case.data(ctx) if callable(case.data) else case.data
    body = data if isinstance(data, bytes) else _encode(data or {})
    before = _snapshot()

    response = client.generic(
        case.method, _url(case, ctx), body, content_type=case.content_type, headers=headers
    )

    after = _snapshot()
    expected = before | {
        "fan_ratings": sorted(
            before["fan_ratings"]
            + [(ctx.fan.pk, appearance_named(ctx.match, name).pk, s) for name, s in case.adds]
        )
    }
    assert response.status_code == case.status
    shown = client.get(response["Location"]) if response.status_code == 302 else response
    assert case.message in _visible_text(shown.content.decode())
    assert after == expected
    assert [line for line in log_lines() if " ERROR " in line or " CRITICAL " in line] == []


def _encode(data: dict) -> bytes:
    from urllib.parse import urlencode

    return urlencode(data).encode()
