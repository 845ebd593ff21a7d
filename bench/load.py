"""Load the benchmark's data into the throwaway database named by DATABASE_URL.

    python bench/load.py SMALL LARGE FANS OUT.json

Two copies of the demo match (Napoli 1-0 Juventus, 29 players): one with SMALL fan votes and
one with LARGE, written by SQL (INSERT ... SELECT generate_series), the tallies then counted
by SQL too (rebuild_tallies); FANS logged-in sessions for the load generator, written to
bench/fans.txt (cookie header, tab, CSRF token) in fan order, stored as logging in stores
them (in the database, and in the cache when sessions are read through it). Prints nothing but errors;
writes the ids the cases need to OUT.json.
"""

import json
import os
import secrets
import sys
from datetime import timedelta
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import (  # noqa: E402
    SessionStore as CachedSessionStore,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import IntegerField  # noqa: E402
from django.db.models.functions import Cast, Substr  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from matches.models import Appearance, Match  # noqa: E402
from ratings.management.commands.load_demo import load_demo_match  # noqa: E402
from ratings.models import EditorRating, FanRating, rebuild_tallies  # noqa: E402

PLAYERS = 29


def copy_match(match: Match) -> Match:
    """A second demo match, a week later, with the same line-ups and editor's marks."""
    appearances = list(match.appearances.select_related("editor_rating").order_by("pk"))
    twin = Match.objects.get(pk=match.pk)
    twin.pk = None
    twin.kickoff = match.kickoff + timedelta(days=7)
    twin.man_of_the_match = None
    twin.save()
    for appearance in appearances:
        mark = getattr(appearance, "editor_rating", None)
        appearance.pk = None
        appearance.match = twin
        appearance.save()
        if mark is not None:
            EditorRating.objects.create(
                appearance=appearance, quarters=mark.quarters, written_as=mark.written_as
            )
    return twin


def add_fans(count: int, match: Match) -> None:
    """Fans bench-fan-1..N: a third support the home side, a third the away side."""
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (password, is_superuser, username, canonical_username, "
            "first_name, last_name, email, is_staff, is_active, date_joined, club_id) "
            "SELECT '!bench', false, 'bench-fan-' || n, 'bench-fan-' || n, '', '', '', false, "
            "true, now(), CASE n %% 3 WHEN 1 THEN %s WHEN 2 THEN %s END "
            "FROM generate_series(1, %s) AS n",
            [match.home_team_id, match.away_team_id, count],
        )


def add_votes(match: Match, votes: int, per_fan: int) -> None:
    """`votes` votes, vote n from bench fan n / per_fan + 1 for the player ranked n mod 29:
    around the editor's mark with a spread, each vote's side from the fan's club."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO ratings_fanrating (appearance_id, fan_id, score, side, created_at, updated_at)
            SELECT a.id, u.id,
                   LEAST(10, GREATEST(1, COALESCE(e.quarters / 4, 6) + (v.n * 7 + a.rank) %% 5 - 2)),
                   CASE u.club_id WHEN %s THEN 'home' WHEN %s THEN 'away' ELSE 'neutral' END,
                   now(), now()
            FROM generate_series(0, %s - 1) AS v(n)
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rank
                  FROM matches_appearance WHERE match_id = %s) AS a ON a.rank = v.n %% {PLAYERS}
            JOIN accounts_user u ON u.username = 'bench-fan-' || (v.n / %s + 1)
            LEFT JOIN ratings_editorrating e ON e.appearance_id = a.id
            """,
            [match.home_team_id, match.away_team_id, votes, match.pk, per_fan],
        )


def sessions(count: int) -> list[tuple[str, str]]:
    """Logged-in sessions for bench fans 1..count, stored as Django stores them."""
    fans = list(
        User.objects.filter(username__startswith="bench-fan-")
        .annotate(number=Cast(Substr("username", len("bench-fan-") + 1), IntegerField()))
        .order_by("number")[:count]
    )
    expires = timezone.now() + timedelta(days=1)
    store = SessionStore()
    rows, cookies = [], []
    for fan in fans:
        key = secrets.token_hex(16)
        csrf = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")
        data = {
            SESSION_KEY: str(fan.pk),
            BACKEND_SESSION_KEY: "accounts.backends.FanBackend",
            HASH_SESSION_KEY: fan.get_session_auth_hash(),
        }
        cookie = f"{settings.SESSION_COOKIE_NAME}={key}"
        if settings.CSRF_USE_SESSIONS:
            data["_csrftoken"] = csrf
        else:
            cookie += f"; {settings.CSRF_COOKIE_NAME}={csrf}"
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        cookies.append((cookie, csrf))
    Session.objects.bulk_create(rows, batch_size=1000)
    if issubclass(import_module(settings.SESSION_ENGINE).SessionStore, CachedSessionStore):
        # Logging in writes a session through the cache as well; so do these.
        cached = {CachedSessionStore(row.session_key).cache_key: row.get_decoded() for row in rows}
        caches[settings.SESSION_CACHE_ALIAS].set_many(cached, settings.SESSION_COOKIE_AGE)
    return cookies


def main() -> None:
    small, large, fans, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with transaction.atomic():
        first = load_demo_match()
        second = copy_match(first)
        count = max(fans, small, -(-large // PLAYERS))
        add_fans(count, first)
        # The small match: one vote from each of the first `small` fans; the large: all
        # 29 players from each of the first large / 29.
        add_votes(first, small, 1)
        add_votes(second, large, PLAYERS)
        rebuild_tallies()
        cookies = sessions(fans)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")  # the load written out before the first round
    fans_file = Path(__file__).resolve().parent / "fans.txt"
    fans_file.write_text("".join(f"{cookie}\t{csrf}\n" for cookie, csrf in cookies))
    player = Appearance.objects.filter(match=first).order_by("pk").first().player_id
    Path(out).write_text(
        json.dumps(
            {
                "matches": {
                    "small": {
                        "id": first.pk,
                        "appearances": list(
                            first.appearances.order_by("pk").values_list("pk", flat=True)
                        ),
                        "votes": FanRating.objects.filter(appearance__match=first).count(),
                        "raters": small,
                    },
                    "large": {
                        "id": second.pk,
                        "appearances": list(
                            second.appearances.order_by("pk").values_list("pk", flat=True)
                        ),
                        "votes": FanRating.objects.filter(appearance__match=second).count(),
                        "raters": -(-large // PLAYERS),
                    },
                },
                "player": player,
                "competition": first.competition_id,
                "fans_file": str(fans_file),
            }
        )
    )


if __name__ == "__main__":
    main()
