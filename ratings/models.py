from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone

from matches.models import Appearance
from ratings.marks import parse_rating
from ratings.stats import Line, Tally


def format_rating(value: Decimal | None) -> str:
    """8 -> "8", 6.5 -> "6.5", 6.25 -> "6.25"; None -> "not rated"."""
    if value is None:
        return "not rated"
    return f"{value.normalize():f}"


class EditorRating(models.Model):
    """The editor's official mark for one appearance.

    Stored in quarter points (6.5 is 26) so report-card marks such as 6+ (6.25) fit
    exactly. A row with no quarters is the report's N/A: "not rated", never 0.
    """

    appearance = models.OneToOneField(
        Appearance, on_delete=models.CASCADE, related_name="editor_rating"
    )
    quarters = models.PositiveSmallIntegerField(null=True, blank=True)
    written_as = models.CharField(
        max_length=20, blank=True, help_text="The rating as the editor wrote it, e.g. 6,5 or N/A."
    )

    class Meta:
        ordering = ["appearance"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarters__isnull=True) | Q(quarters__gte=0, quarters__lte=40),
                name="editor_rating_between_0_and_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appearance}: {self.display}"

    def get_absolute_url(self) -> str:
        return reverse("ratings:results", args=[self.appearance.match_id])

    @property
    def value(self) -> Decimal | None:
        if self.quarters is None:
            return None
        return Decimal(self.quarters) / 4

    @property
    def display(self) -> str:
        return format_rating(self.value)

    @staticmethod
    def quarters_for(value: Decimal | None) -> int | None:
        return None if value is None else int(value * 4)


def save_editor_rating(appearance: Appearance, written_as: str) -> None:
    """Store the editor's mark as written ("6,5", "N/A"); a blank mark means not entered yet."""
    if not written_as:
        EditorRating.objects.filter(appearance=appearance).delete()
    else:
        EditorRating.objects.update_or_create(
            appearance=appearance,
            defaults={
                "quarters": EditorRating.quarters_for(parse_rating(written_as)),
                "written_as": written_as,
            },
        )
    bump_results_version(appearance.match_id)


def bump_results_version(match_id: int) -> None:
    """A change the results show (an editor's mark): cached renderings of them are stale."""
    _add_to_match_tallies([(match_id, 0, 0, 0)])


class Side(models.TextChoices):
    """Whose supporter cast a vote: the home club's, the away club's, or anyone else."""

    HOME = "home", "Home supporters"
    AWAY = "away", "Away supporters"
    NEUTRAL = "neutral", "Neutral fans"


def side_for(match, club_id: int | None) -> str:
    if club_id is not None and club_id == match.home_team_id:
        return Side.HOME
    if club_id is not None and club_id == match.away_team_id:
        return Side.AWAY
    return Side.NEUTRAL


class FanRating(models.Model):
    # PROTECT: deleting a line-up row (or a match) never deletes fans' votes with it.
    appearance = models.ForeignKey(Appearance, on_delete=models.PROTECT, related_name="fan_ratings")
    # NULL once the fan deleted their account: a vote on a closed match stays, anonymous,
    # so published results never change (see forget_fan).
    fan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fan_ratings",
    )
    score = models.PositiveSmallIntegerField()
    # Fixed when the vote is cast or changed, from the fan's club then (see side_for), so
    # the supporter groups' tallies are exact however often a fan changes club.
    side = models.CharField(max_length=7, choices=Side.choices, default=Side.NEUTRAL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["appearance", "fan"]
        # No (appearance, score) index: pages read ScoreTally, never the votes, and each
        # index is one more write per vote.
        constraints = [
            models.UniqueConstraint(
                fields=["fan", "appearance"], name="fan_rating_once_per_player"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="fan_rating_between_1_and_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fan} rated {self.appearance} {self.score}"

    def get_absolute_url(self) -> str:
        return reverse("ratings:ballot", args=[self.appearance.match_id])


class DemoFan(models.Model):
    """Marks a user account created by `load_demo --fans`, so demo votes are never mistaken."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demo_fan"
    )

    def __str__(self) -> str:
        return f"Demo fan {self.user}"


class DemoMatch(models.Model):
    """Marks a match `load_demo` made up around the seed match (its editor's marks are
    invented), so the results page can say so."""

    match = models.OneToOneField(
        "matches.Match", on_delete=models.CASCADE, related_name="demo_match"
    )

    class Meta:
        ordering = ["match"]

    def __str__(self) -> str:
        return f"Demo match {self.match}"

    def get_absolute_url(self) -> str:
        return reverse("ratings:results", args=[self.match_id])


# Each fan's votes count in one of a few slots (fan id modulo SLOTS), summed on read, so
# fans voting on the same player at once rarely wait for the same counter row. A fan
# always lands in the same slot, so a change or removal decrements the row it incremented.
SLOTS = 4


def slot_for(fan_id: int | None) -> int:
    return (fan_id or 0) % SLOTS


class ScoreTally(models.Model):
    """How many fans of one side gave one appearance one score: at most 10 x 3 x SLOTS rows.

    Updated in the vote's transaction (rate_players, remove_fan_votes, forget_fan), so the
    results never read the votes; `manage.py verify_tallies` recounts them. There is no
    `votes >= 0` constraint: a change is one upsert adding -1 to the old score's row and +1
    to the new one's, and SQLite checks a constraint on the row proposed before it finds
    the conflict; verify_tallies would report a negative row as a difference.
    """

    appearance = models.ForeignKey(Appearance, on_delete=models.CASCADE, related_name="tallies")
    side = models.CharField(max_length=7, choices=Side.choices)
    score = models.PositiveSmallIntegerField()
    slot = models.PositiveSmallIntegerField(default=0)
    votes = models.IntegerField(default=0)

    class Meta:
        ordering = ["appearance", "side", "score", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["appearance", "side", "score", "slot"], name="score_tally_once"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="score_tally_between_1_and_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appearance}: {self.votes} x {self.score} ({self.side}, slot {self.slot})"

    def get_absolute_url(self) -> str:
        return reverse("ratings:results", args=[self.appearance.match_id])


class MatchTally(models.Model):
    """Per match and slot: the fans who rated (demo fans among them) and a write counter.

    `writes` grows with every vote written, so its sum is the version of the match's
    results: a cached rendering is keyed on it. No non-negative constraint, for the reason
    given on ScoreTally.
    """

    match = models.ForeignKey("matches.Match", on_delete=models.CASCADE, related_name="tallies")
    slot = models.PositiveSmallIntegerField(default=0)
    fans = models.IntegerField(default=0)
    demo_fans = models.IntegerField(default=0)
    writes = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["match", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["match", "slot"], name="match_tally_once"),
        ]

    def __str__(self) -> str:
        return f"{self.match}: {self.fans} fans (slot {self.slot})"

    def get_absolute_url(self) -> str:
        return reverse("ratings:results", args=[self.match_id])


class WriteCount(models.Model):
    """How many rating writes a fan has made in their current throttling window.

    RATING_WRITE_RATE ("120/m") limits each fan's writes, so a script on one account cannot
    hammer the site. The count is kept here and moved in the vote's own transaction (by
    the vote function on PostgreSQL): a write costs no round trip to a separate counter,
    and every server shares it. Windows are fixed, each fan's shifted by their id (as
    django-ratelimit does for its keys) so that fans' windows do not all turn at once.
    """

    fan = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    window_start = models.BigIntegerField(help_text="Unix time, in seconds.")
    writes = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.fan_id}: {self.writes} writes since {self.window_start}"


class WriteLimit(NamedTuple):
    """At most `writes` rating writes per fan in each window of `seconds`."""

    writes: int
    seconds: int

    def window_start(self, fan_id: int, at) -> int:
        now = int(at.timestamp())
        return now - (now + fan_id) % self.seconds

    def retry_after(self, fan_id: int, at) -> int:
        """Seconds until this fan's window turns."""
        return self.window_start(fan_id, at) + self.seconds - int(at.timestamp())


class TooManyWritesError(Exception):
    """The fan has used their writes for this window: nothing was saved."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many rating writes; try again in {retry_after} s.")
        self.retry_after = max(1, retry_after)


class RatingClosedError(Exception):
    """Raised when a fan tries to rate a match whose rating window is not open, or (the
    subclass) a player no longer in its line-up: nothing was saved."""


class LineUpChangedError(RatingClosedError):
    """A player on the fan's page is no longer in the match's line-up."""


NOT_OPEN_YET = "Rating for this match has not opened yet."
CLOSED = "Rating for this match has closed; your ratings were not saved."
LINE_UP_CHANGED = "The line-up has changed since the page was loaded; reload it. Nothing was saved."


def rate_players(
    *, fan, match, scores: dict[Appearance, int], now=None, limit: WriteLimit | None = None
) -> int:
    """Save a fan's scores for players of one match, all or nothing; returns how many.

    A second vote for the same player replaces the first (one rating per fan per player).
    The tallies and the match's fan count change in the same transaction, so they always
    equal a recount of the votes. With a limit, the save counts as one of the fan's writes
    (WriteCount) and raises TooManyWritesError, saving nothing, when they have none left.
    """
    return _save_scores(fan=fan, match=match, scores=scores, now=now, limit=limit)[0]


def rate_player(
    *, fan, match, appearance: Appearance, score: int, now=None, limit: WriteLimit | None = None
) -> int:
    """Save one fan's score for one player (as rate_players); returns how many players of
    the match the fan has rated now, which the save itself reports, so the ballot's "rated
    N of M" line costs no extra query."""
    scores = {appearance: score}
    return _save_scores(fan=fan, match=match, scores=scores, now=now, limit=limit)[1]


def _save_scores(
    *, fan, match, scores: dict[Appearance, int], now=None, limit: WriteLimit | None = None
) -> tuple[int, int]:
    """rate_players: (how many scores were saved, how many players the fan has now rated)."""
    saved_at = timezone.now()
    now = now or saved_at
    _refuse_outside_window(match.rating_opens_at, match.rating_closes_at, now)
    for appearance, score in scores.items():
        if appearance.match_id != match.pk:
            raise ValueError(f"{appearance} did not play in {match}.")
        if not 1 <= score <= 10:
            raise ValueError(f"A fan rating must be from 1 to 10, not {score}.")
    if connection.vendor == "postgresql":
        return len(scores), _save_scores_in_one_call(fan, match, scores, now, saved_at, limit)
    with transaction.atomic():
        club_id, is_demo, before = _lock_fan_with_votes(fan, match)
        # The match may have changed since the page's copy of it was read: ask the database.
        current = (
            type(match)
            .objects.filter(pk=match.pk)
            .values_list("rating_opens_at", "rating_closes_at")
        )
        _refuse_outside_window(*current.get(), now)
        if Appearance.objects.filter(pk__in=[a.pk for a in scores], match=match).count() != len(
            scores
        ):
            raise LineUpChangedError(LINE_UP_CHANGED)
        if limit is not None:
            _count_write(fan.pk, limit, saved_at)
        side = str(side_for(match, club_id))
        changes = Counter()
        for appearance, score in scores.items():
            if appearance.pk in before:
                changes[(appearance.pk, *before[appearance.pk])] -= 1
            changes[(appearance.pk, side, score)] += 1
        slot = slot_for(fan.pk)
        newcomer = 0 if before else 1
        # Tallies first: rows other fans' writes also take, always in the same order.
        _add_to_score_tallies(changes, slot)
        _save_fan_ratings(fan.pk, side, {a.pk: score for a, score in scores.items()})
        _add_to_match_tallies([(match.pk, slot, newcomer, newcomer if is_demo else 0)])
    return len(scores), len(before.keys() | {appearance.pk for appearance in scores})


def _count_write(fan_id: int, limit: WriteLimit, at) -> None:
    """One more write in the fan's window (their row is locked), or TooManyWritesError
    when they have none left: a refused write is not counted, here or on PostgreSQL,
    whose vote function runs the same statement."""
    table = connection.ops.quote_name(WriteCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS w (fan_id, window_start, writes) VALUES (%s, %s, 1) "
            "ON CONFLICT (fan_id) DO UPDATE SET "
            "writes = CASE WHEN w.window_start = excluded.window_start "
            "THEN w.writes + 1 ELSE 1 END, window_start = excluded.window_start "
            "WHERE w.window_start <> excluded.window_start OR w.writes < %s",
            [fan_id, limit.window_start(fan_id, at), limit.writes],
        )
        if cursor.rowcount == 0:
            raise TooManyWritesError(limit.retry_after(fan_id, at))


def _refuse_outside_window(opens_at, closes_at, now) -> None:
    if now < opens_at:
        raise RatingClosedError(NOT_OPEN_YET)
    if now >= closes_at:
        raise RatingClosedError(CLOSED)


# ratings_save_scores' refusals (migration ratings 0008); -4 is "no such fan".
REFUSALS = {
    -1: (RatingClosedError, NOT_OPEN_YET),
    -2: (RatingClosedError, CLOSED),
    -3: (LineUpChangedError, LINE_UP_CHANGED),
}
TOO_MANY_WRITES = -5


def _save_scores_in_one_call(
    fan, match, scores: dict[Appearance, int], now, saved_at, limit: WriteLimit | None
) -> int:
    """The same steps on PostgreSQL, in one round trip: the function ratings_save_scores
    (migration ratings 0008) locks the fan, checks the window and the line-up, counts the
    write against the fan's limit, moves the tallies, writes the votes and the match's
    counters; it returns how many players of the match the fan has rated now."""
    by_id = sorted((appearance.pk, score) for appearance, score in scores.items())
    rated = _call_once_more_if_the_connection_died(
        "SELECT ratings_save_scores(%s, %s, %s, %s, %s, %s::bigint[], %s::integer[], "
        "%s, %s, %s, %s)",
        [
            fan.pk,
            match.pk,
            match.home_team_id,
            match.away_team_id,
            slot_for(fan.pk),
            [pk for pk, _ in by_id],
            [score for _, score in by_id],
            now,
            saved_at,
            limit.writes if limit else 0,
            limit.window_start(fan.pk, saved_at) if limit else 0,
        ],
    )
    if rated in REFUSALS:
        error, message = REFUSALS[rated]
        raise error(message)
    if rated == TOO_MANY_WRITES:
        raise TooManyWritesError(limit.retry_after(fan.pk, saved_at))
    if rated < 0:
        from django.contrib.auth import get_user_model

        raise get_user_model().DoesNotExist(f"No fan with id {fan.pk}.")
    return rated


def _call_once_more_if_the_connection_died(sql: str, params: list):
    """Run a vote's one statement and return its one value, without the health check
    Django runs on a kept connection before a request's first query (CONN_HEALTH_CHECKS):
    a round trip of its own, a tenth of a vote's cost at the final whistle.

    The check guards against a connection that died while idle (the server restarted).
    Here the vote is sent at once instead, and if the connection turns out to be dead it
    is closed and the vote sent again on a new one (any other error is raised as it is).
    Sending it twice is safe: the second call finds the vote the first one may have saved
    and moves no tally (only the match's write counter and the fan's write count go up by
    one more). Inside a transaction (atomic) or after the request's check has run, this is
    a plain query.
    """
    skip_check = (
        connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
        and connection.connection is not None
    )
    if skip_check:
        connection.health_check_done = True

    def call():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    try:
        return call()
    except (InterfaceError, OperationalError):
        # Only a dead connection is worth a second try; anything else is the vote's own.
        if not skip_check or connection.is_usable():
            raise
        connection.close()
    return call()


def saved_scores(fan_id: int, appearance_ids: list[int]) -> dict[int, int]:
    """A fan's scores for these appearances, {appearance id: score}: one short query on
    the unique index on (fan, appearance), no join, no model instances."""
    if not appearance_ids:
        return {}
    table = connection.ops.quote_name(FanRating._meta.db_table)
    marks = ", ".join(["%s"] * len(appearance_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT appearance_id, score FROM {table} "
            f"WHERE fan_id = %s AND appearance_id IN ({marks})",
            [fan_id, *appearance_ids],
        )
        return dict(cursor.fetchall())


def marks_and_version(fan_id: int, match_id: int, appearance_ids: list[int]) -> tuple[dict, int]:
    """saved_scores and the match's results version (match_counts' "version") in one
    round trip: what a fan's results page needs to know per request."""
    votes = connection.ops.quote_name(FanRating._meta.db_table)
    counters = connection.ops.quote_name(MatchTally._meta.db_table)
    marks = ", ".join(["%s"] * len(appearance_ids)) or "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT NULL, COALESCE(SUM(writes), 0) FROM {counters} WHERE match_id = %s "
            f"UNION ALL SELECT appearance_id, score FROM {votes} "
            f"WHERE fan_id = %s AND appearance_id IN ({marks})",
            [match_id, fan_id, *appearance_ids],
        )
        rows = cursor.fetchall()
    version = next(value for key, value in rows if key is None)
    return {key: value for key, value in rows if key is not None}, version


def remove_fan_votes(*, fan, match=None, open_after=None) -> int:
    """Delete a fan's votes, keeping the tallies exact; returns how many were deleted.

    All of them, or those on one match, or those on every match whose rating window closes
    after `open_after` (account deletion: votes on matches still open go at once).
    """
    votes = FanRating.objects.filter(fan=fan)
    if match is not None:
        votes = votes.filter(appearance__match=match)
    if open_after is not None:
        votes = votes.filter(appearance__match__rating_closes_at__gt=open_after)
    with transaction.atomic():
        _club_id, is_demo = _lock_fan(fan)
        rows = list(
            votes.values_list("pk", "appearance__match_id", "appearance_id", "side", "score")
        )
        if not rows:
            return 0
        FanRating.objects.filter(pk__in=[row[0] for row in rows]).delete()
        slot = slot_for(fan.pk)
        _add_to_score_tallies(
            Counter(
                {(appearance_id, side, score): -1 for _, _, appearance_id, side, score in rows}
            ),
            slot,
        )
        # Every vote of the fan on each of these matches went, so each loses one fan.
        matches = sorted({row[1] for row in rows})
        _add_to_match_tallies([(pk, slot, -1, -1 if is_demo else 0) for pk in matches])
    return len(rows)


def detach_fan_votes(*, fan) -> int:
    """Keep a leaving fan's remaining votes, anonymous (fan NULL); returns how many.

    The score tallies do not change (the votes stay); each match loses one countable fan,
    since a recount can only count the fans it can name.
    """
    with transaction.atomic():
        _club_id, is_demo = _lock_fan(fan)
        matches = sorted(
            set(
                FanRating.objects.filter(fan=fan)
                .values_list("appearance__match_id", flat=True)
                .distinct()
            )
        )
        detached = FanRating.objects.filter(fan=fan).update(fan=None)
        slot = slot_for(fan.pk)
        _add_to_match_tallies([(pk, slot, -1, -1 if is_demo else 0) for pk in matches])
    return detached


def _lock_fan(fan) -> tuple[int | None, bool]:
    """Lock the fan's row until the transaction ends, so one fan's writes queue up (and the
    votes read "before" stay true), and read their club and demo mark as they are now."""
    from django.contrib.auth import get_user_model

    club_id, demo_fan_id = (
        get_user_model()
        .objects.select_for_update(of=("self",))
        .filter(pk=fan.pk)
        .values_list("club_id", "demo_fan__id")
        .get()
    )
    return club_id, demo_fan_id is not None


def _lock_fan_with_votes(fan, match) -> tuple[int | None, bool, dict[int, tuple[str, int]]]:
    """_lock_fan and the fan's votes on the match ({appearance id: (side, score)}) in one
    round trip: the save of a single rating is a handful of short statements."""
    from django.contrib.auth import get_user_model

    user = get_user_model()._meta
    name = connection.ops.quote_name
    lock = " FOR UPDATE OF u" if connection.features.has_select_for_update_of else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.{name(user.get_field('club').column)}, d.id, r.appearance_id, r.side, "
            f"r.score FROM {name(user.db_table)} u "
            f"LEFT JOIN {name(DemoFan._meta.db_table)} d ON d.user_id = u.{name(user.pk.column)} "
            f"LEFT JOIN {name(FanRating._meta.db_table)} r ON r.fan_id = u.{name(user.pk.column)} "
            f"AND r.appearance_id IN (SELECT id FROM {name(Appearance._meta.db_table)} "
            f"WHERE match_id = %s) WHERE u.{name(user.pk.column)} = %s{lock}",
            [match.pk, fan.pk],
        )
        rows = cursor.fetchall()
    if not rows:
        raise get_user_model().DoesNotExist(f"No fan with id {fan.pk}.")
    club_id, demo_id = rows[0][:2]
    before = {
        appearance_id: (side, score)
        for _, _, appearance_id, side, score in rows
        if appearance_id is not None
    }
    return club_id, demo_id is not None, before


def _add_to_score_tallies(changes: Counter, slot: int) -> None:
    _execute(_score_tallies_sql(changes, slot))


def _add_to_match_tallies(rows: list[tuple[int, int, int, int]]) -> None:
    _execute(_match_tallies_sql(rows))


def _save_fan_ratings(fan_id: int, side: str, scores: dict[int, int]) -> None:
    _execute(_fan_ratings_sql(fan_id, side, scores))


def _score_tallies_sql(changes: Counter, slot: int) -> tuple[str, list] | None:
    """Add each (appearance id, side, score) -> change to its row in `slot`, one statement.

    Rows go in sorted order, so two transactions never wait for each other's rows in
    opposite orders (no deadlock).
    """
    rows = sorted((key, change) for key, change in changes.items() if change)
    if not rows:
        return None
    table = connection.ops.quote_name(ScoreTally._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    params = [
        value
        for (appearance_id, side, score), change in rows
        for value in (appearance_id, str(side), score, slot, change)
    ]
    return (
        f"INSERT INTO {table} (appearance_id, side, score, slot, votes) VALUES {values} "
        "ON CONFLICT (appearance_id, side, score, slot) "
        f"DO UPDATE SET votes = {table}.votes + excluded.votes",
        params,
    )


def _match_tallies_sql(rows: list[tuple[int, int, int, int]]) -> tuple[str, list] | None:
    """Add (match id, slot, fans, demo fans) to each match's counters; one write each."""
    if not rows:
        return None
    table = connection.ops.quote_name(MatchTally._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, 1)"] * len(rows))
    params = [value for row in sorted(rows) for value in row]
    return (
        f"INSERT INTO {table} (match_id, slot, fans, demo_fans, writes) VALUES {values} "
        "ON CONFLICT (match_id, slot) DO UPDATE SET "
        f"fans = {table}.fans + excluded.fans, "
        f"demo_fans = {table}.demo_fans + excluded.demo_fans, "
        f"writes = {table}.writes + 1",
        params,
    )


def _fan_ratings_sql(fan_id: int, side: str, scores: dict[int, int]) -> tuple[str, list]:
    """Insert the fan's score for each appearance id, or change the one they gave."""
    table = connection.ops.quote_name(FanRating._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(scores))
    params = [
        value
        for appearance_id, score in sorted(scores.items())
        for value in (appearance_id, fan_id, score, side, now, now)
    ]
    return (
        f"INSERT INTO {table} (appearance_id, fan_id, score, side, created_at, updated_at) "
        f"VALUES {values} ON CONFLICT (fan_id, appearance_id) DO UPDATE SET "
        "score = excluded.score, side = excluded.side, updated_at = excluded.updated_at",
        params,
    )


def _execute(statement: tuple[str, list] | None) -> None:
    if statement is not None:
        with connection.cursor() as cursor:
            cursor.execute(*statement)


def editor_value(appearance: Appearance) -> Decimal | None:
    """The editor's rating of an appearance, None when not rated or not entered yet."""
    try:
        return appearance.editor_rating.value
    except EditorRating.DoesNotExist:
        return None


SCORES = range(1, 11)


def tallies_for(appearances: Iterable[Appearance], *, side: str | None = None) -> dict[int, Tally]:
    """The fan votes of each appearance with any, by appearance id, in one query.

    Read from ScoreTally (at most ten scores x sides x slots a player), never from the
    votes, so it costs the same at a hundred votes or a million. `side` is None for every
    fan, or "home", "away" or "neutral" for one supporter group.
    """
    rows = ScoreTally.objects.filter(appearance__in=[appearance.pk for appearance in appearances])
    if side is not None:
        if side not in Side.values:
            raise ValueError(f"side must be one of {', '.join(Side.values)}, not {side!r}.")
        rows = rows.filter(side=side)
    counts = defaultdict(lambda: [0] * len(SCORES))
    for appearance_id, score, votes in (
        rows.values("appearance_id", "score")
        .annotate(votes=Sum("votes"))
        .values_list("appearance_id", "score", "votes")
        .order_by()
    ):
        counts[appearance_id][score - 1] += votes
    return {
        appearance_id: Tally.from_distribution(distribution)
        for appearance_id, distribution in counts.items()
        if any(distribution)
    }


def match_counts(match_id: int) -> dict[str, int]:
    """The fans who rated a match, the demo fans among them, and the results' version.

    One small query over the match's counter slots, whatever the number of votes.
    """
    totals = MatchTally.objects.filter(match_id=match_id).aggregate(
        fans=Sum("fans"), demo_fans=Sum("demo_fans"), version=Sum("writes")
    )
    return {name: value or 0 for name, value in totals.items()}


def recount(match_ids: list[int] | None = None) -> tuple[dict, dict]:
    """Count the raw votes the slow way, for verify_tallies: per (appearance, side, score)
    and per match (fans, demo fans). Reads every vote; never used by a page."""
    votes = FanRating.objects.all()
    if match_ids is not None:
        votes = votes.filter(appearance__match_id__in=match_ids)
    scores = {
        (row["appearance_id"], row["side"], row["score"]): row["votes"]
        for row in votes.values("appearance_id", "side", "score")
        .annotate(votes=Count("pk"))
        .order_by()
    }
    fans = {
        row["appearance__match_id"]: (row["fans"], row["demo_fans"])
        for row in votes.filter(fan__isnull=False)
        .values("appearance__match_id")
        .annotate(
            fans=Count("fan", distinct=True),
            demo_fans=Count("fan", distinct=True, filter=Q(fan__demo_fan__isnull=False)),
        )
        .order_by()
    }
    return scores, fans


def stored_tallies(match_ids: list[int] | None = None) -> tuple[dict, dict]:
    """The tallies as the pages read them, in recount()'s shape (zero rows left out)."""
    tallies = ScoreTally.objects.all()
    counters = MatchTally.objects.all()
    if match_ids is not None:
        tallies = tallies.filter(appearance__match_id__in=match_ids)
        counters = counters.filter(match_id__in=match_ids)
    scores = {
        (row["appearance_id"], row["side"], row["score"]): row["votes"]
        for row in tallies.values("appearance_id", "side", "score")
        .annotate(votes=Sum("votes"))
        .order_by()
        if row["votes"]
    }
    fans = {
        row["match_id"]: (row["fans"], row["demo_fans"])
        for row in counters.values("match_id")
        .annotate(fans=Sum("fans"), demo_fans=Sum("demo_fans"))
        .order_by()
        if row["fans"] or row["demo_fans"]
    }
    return scores, fans


def rebuild_tallies(match_ids: list[int] | None = None) -> None:
    """Recompute the tallies from the votes in SQL (INSERT ... SELECT ... GROUP BY).

    For bulk loads (the demo fans, the benchmark's million votes) and `verify_tallies
    --fix`. On PostgreSQL new votes wait until it commits, so none is missed.
    """
    rating = connection.ops.quote_name(FanRating._meta.db_table)
    appearance = connection.ops.quote_name(Appearance._meta.db_table)
    demo = connection.ops.quote_name(DemoFan._meta.db_table)
    score_table = connection.ops.quote_name(ScoreTally._meta.db_table)
    match_table = connection.ops.quote_name(MatchTally._meta.db_table)
    where, params = "", []
    if match_ids is not None:
        where = (
            f"AND a.match_id IN ({', '.join(['%s'] * len(match_ids))})" if match_ids else "AND 0=1"
        )
        params = list(match_ids)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {rating} IN SHARE MODE")
        stale = ScoreTally.objects.all()
        if match_ids is not None:
            stale = stale.filter(appearance__match_id__in=match_ids)
        stale.delete()
        counters = MatchTally.objects.all()
        if match_ids is not None:
            counters = counters.filter(match_id__in=match_ids)
        # Zeroed, not deleted: the write counter (the results' version) only ever grows.
        counters.update(fans=0, demo_fans=0, writes=F("writes") + 1)
        cursor.execute(
            f"INSERT INTO {score_table} (appearance_id, side, score, slot, votes) "
            f"SELECT r.appearance_id, r.side, r.score, COALESCE(r.fan_id, 0) %% %s, COUNT(*) "
            f"FROM {rating} r JOIN {appearance} a ON a.id = r.appearance_id "
            f"WHERE 1=1 {where} GROUP BY 1, 2, 3, 4",
            [SLOTS, *params],
        )
        cursor.execute(
            f"INSERT INTO {match_table} (match_id, slot, fans, demo_fans, writes) "
            f"SELECT a.match_id, r.fan_id %% %s, COUNT(DISTINCT r.fan_id), "
            "COUNT(DISTINCT d.user_id), 1 "
            f"FROM {rating} r JOIN {appearance} a ON a.id = r.appearance_id "
            f"LEFT JOIN {demo} d ON d.user_id = r.fan_id "
            f"WHERE r.fan_id IS NOT NULL {where} GROUP BY 1, 2 "
            "ON CONFLICT (match_id, slot) DO UPDATE SET fans = excluded.fans, "
            f"demo_fans = excluded.demo_fans, writes = {match_table}.writes + 1",
            [SLOTS, *params],
        )


def lines_for(appearances: Iterable[Appearance]) -> list[Line]:
    """Comparison lines for appearances fetched with their player and editor rating."""
    appearances = list(appearances)
    tallies = tallies_for(appearances)
    return [
        Line(
            key=appearance,
            name=appearance.player.name,
            tally=tallies.get(appearance.pk, Tally()),
            editor_value=editor_value(appearance),
        )
        for appearance in appearances
    ]


def match_lines(match) -> list[Line]:
    """Every player of a match as a comparison line: home side first, starters then subs."""
    return lines_for(match.team_sheet().select_related("player", "team", "editor_rating"))


def fan_ratings_export(fan) -> list[dict]:
    """Every rating a fan gave, for their own download: match, player, score and when."""
    ratings = (
        FanRating.objects.filter(fan=fan)
        .select_related(
            "appearance__player",
            "appearance__team",
            "appearance__match__home_team",
            "appearance__match__away_team",
            "appearance__match__competition",
        )
        .order_by("appearance__match__kickoff", "appearance__match_id", "appearance__order")
    )
    return [
        {
            "match": str(rating.appearance.match),
            "match_id": rating.appearance.match_id,
            "competition": str(rating.appearance.match.competition),
            "player": rating.appearance.player.name,
            "team": rating.appearance.team.name,
            "score": rating.score,
            "rated_at": rating.created_at.isoformat(),
            "changed_at": rating.updated_at.isoformat(),
        }
        for rating in ratings
    ]


def forget_fan(*, fan, now=None) -> None:
    """Delete a fan's account and everything that names them.

    Their votes on matches whose rating window has closed stay in the tallies as anonymous
    votes, so published results never change; their votes on matches still open (or not
    yet open) are removed, so those results drop them at once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        remove_fan_votes(fan=fan, open_after=now)
        detach_fan_votes(fan=fan)
        fan.delete()
