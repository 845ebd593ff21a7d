"""A match's team sheet, and renderings made from it, without a query on a fan's hot path.

Every page a logged-in fan opens at the final whistle (the ballot, a rating saved, a whole
ballot sent) needs the same things: the match, its teams and competition, the line-up in
team-sheet order with the players' names, and the key moments. They change only when an
editor changes them.

Any save or deletion of a competition, team, player, match, appearance, event or editor's
mark (admin, the team sheet, the import) sets a new *desk version* in the shared cache, at
once and again when its transaction commits. Each worker keeps its own copy of a sheet, and
of the renderings made from it, under the desk version it was made for, and uses it only
while the shared desk version is still that one: one small cache read a request tells every
worker on every server that an editor changed something. Writes that send no signal (bulk
inserts) always come with a save of their match, and a copy is used for at most
RESULTS_CACHE_SECONDS anyway. The copies are derived and checked on every use, like
Django's cached templates: no worker holds anything another could disagree with.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import Http404

DESK_VERSION_KEY = "desk-version"
# Models whose rows show on a fan's pages (the ratings app's editor's marks and demo flags too).
DESK_MODELS = {
    "matches.competition",
    "matches.team",
    "matches.player",
    "matches.match",
    "matches.appearance",
    "matches.matchevent",
    "ratings.editorrating",
    "ratings.demomatch",
}
# Each worker's copies: sheets, ballot pages (about 60 kB, four kinds a match), replies to a
# saved rating (about 2 kB, one a player) and fans' results pages (about 100 kB, a few
# kinds a match). At most this many, and this many bytes of text, the least used dropped.
LOCAL_COPIES = 4096
LOCAL_COPIES_BYTES = 32 * 1024 * 1024
_copies: OrderedDict[str, tuple[str, float, object, int]] = OrderedDict()
_copies_bytes = 0
# Gunicorn's sync workers serve one request at a time; `runserver` and the tests' live
# server use threads.
_copies_lock = threading.Lock()


class Sheet(NamedTuple):
    match: object  # matches.models.Match, with competition, home_team and away_team
    appearances: list  # Appearance rows in team-sheet order, with player and team
    events: list  # MatchEvent rows
    version: str  # the desk version it was read under

    def appearance(self, appearance_id: int):
        """One player's line-up row in this match, or None."""
        return next((a for a in self.appearances if a.pk == appearance_id), None)


# This worker's last read of the desk version: (version, when read).
_last_desk_version: tuple[str, float] = ("", 0.0)


def desk_version() -> str:
    """The shared desk version, read at most every RESULTS_STALE_SECONDS by each worker,
    like the visitors' pages: an editor's change reaches every fan's page within that
    time. (What a fan writes never rests on it: the vote's own transaction checks the
    rating window and the line-up in the database.)"""
    global _last_desk_version
    version, read_at = _last_desk_version
    now = time.monotonic()
    if version and now - read_at < settings.RESULTS_STALE_SECONDS:
        return version
    version = cache.get(DESK_VERSION_KEY) or _new_desk_version()
    _last_desk_version = (version, now)
    return version


def _new_desk_version() -> str:
    global _last_desk_version
    version = uuid.uuid4().hex
    cache.set(DESK_VERSION_KEY, version, None)
    # This worker sees its own editors' changes at once.
    _last_desk_version = (version, time.monotonic())
    return version


def desk_changed(sender, **kwargs) -> None:
    _new_desk_version()
    # A page read while this transaction was open may have kept the old rows.
    transaction.on_commit(_new_desk_version)


def connect_signals() -> None:
    # Model by model: a receiver for every model would cost each bulk delete elsewhere
    # (a fan's votes) a query, since Django then fetches rows to send their signals.
    for label in DESK_MODELS:
        model = apps.get_model(label)
        post_save.connect(desk_changed, sender=model, dispatch_uid=f"desk-saved-{label}")
        post_delete.connect(desk_changed, sender=model, dispatch_uid=f"desk-deleted-{label}")


def local_copy(key: str, version: str, build):
    """This worker's copy of `build()`, made under desk version `version`: reused while
    the desk version is unchanged, for at most RESULTS_CACHE_SECONDS."""
    global _copies_bytes
    now = time.monotonic()
    with _copies_lock:
        entry = _copies.get(key)
        fresh = entry is not None and now - entry[1] < settings.RESULTS_CACHE_SECONDS
        if fresh and entry[0] == version:
            _copies.move_to_end(key)
            return entry[2]
    value = build()
    size = _approximate_size(value)
    with _copies_lock:
        old = _copies.pop(key, None)
        if old is not None:
            _copies_bytes -= old[3]
        _copies[key] = (version, now, value, size)
        _copies_bytes += size
        while _copies and (len(_copies) > LOCAL_COPIES or _copies_bytes > LOCAL_COPIES_BYTES):
            _copies_bytes -= _copies.popitem(last=False)[1][3]
    return value


def _approximate_size(value) -> int:
    """About how many bytes a copy holds: its text, and a little for anything else."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return 64 + sum(_approximate_size(item) for item in value)
    if isinstance(value, dict):
        return 64 + sum(_approximate_size(item) for item in value.values())
    return 256


def forget_local_copies() -> None:
    """Drop this worker's copies and its last read of the desk version (the tests start
    each test with none, as with an empty cache)."""
    global _last_desk_version, _copies_bytes
    with _copies_lock:
        _copies.clear()
        _copies_bytes = 0
    _last_desk_version = ("", 0.0)


def match_sheet(match_id: int) -> Sheet:
    """The match's sheet as of the current desk version (Http404 if there is no such match)."""
    version = desk_version()
    return local_copy(f"sheet:{match_id}", version, lambda: _read_sheet(match_id, version))


def _read_sheet(match_id: int, version: str) -> Sheet:
    from matches.models import Match

    match = Match.objects.with_teams().filter(pk=match_id).first()
    if match is None:
        raise Http404("No such match.")
    appearances = list(match.team_sheet().select_related("player", "team"))
    return Sheet(match, appearances, list(match.events.all()), version)
