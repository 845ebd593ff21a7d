from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse

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
        return
    EditorRating.objects.update_or_create(
        appearance=appearance,
        defaults={
            "quarters": EditorRating.quarters_for(parse_rating(written_as)),
            "written_as": written_as,
        },
    )


class FanRating(models.Model):
    appearance = models.ForeignKey(Appearance, on_delete=models.CASCADE, related_name="fan_ratings")
    fan = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fan_ratings"
    )
    score = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["appearance", "fan"]
        # Tallies read (appearance, score) only: an index-only scan, however many fans vote.
        indexes = [models.Index(fields=["appearance", "score"], name="fan_rating_tally")]
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


class RatingClosedError(Exception):
    """Raised when a fan tries to rate a match whose rating window is not open."""


def rate_players(*, fan, match, scores: dict[Appearance, int], now=None) -> int:
    """Save a fan's scores for players of one match, all or nothing; returns how many.

    A second vote for the same player replaces the first (one rating per fan per player).
    """
    if not match.is_open_for_rating(now):
        if match.has_rating_closed(now):
            raise RatingClosedError(
                "Rating for this match has closed; your ratings were not saved."
            )
        raise RatingClosedError("Rating for this match has not opened yet.")
    for appearance, score in scores.items():
        if appearance.match_id != match.pk:
            raise ValueError(f"{appearance} did not play in {match}.")
        if not 1 <= score <= 10:
            raise ValueError(f"A fan rating must be from 1 to 10, not {score}.")
    with transaction.atomic():
        FanRating.objects.bulk_create(
            [
                FanRating(appearance=appearance, fan=fan, score=score)
                for appearance, score in scores.items()
            ],
            update_conflicts=True,
            unique_fields=["fan", "appearance"],
            update_fields=["score", "updated_at"],
        )
    return len(scores)


def editor_value(appearance: Appearance) -> Decimal | None:
    """The editor's rating of an appearance, None when not rated or not entered yet."""
    try:
        return appearance.editor_rating.value
    except EditorRating.DoesNotExist:
        return None


SCORES = range(1, 11)


def tallies_for(appearances: Iterable[Appearance]) -> dict[int, Tally]:
    """The fan votes of each appearance, by appearance id, in one query.

    The counts are grouped over the narrow fan-rating rows alone (appearance, score), so the
    cost grows with the votes but not with the width of the player and team columns.
    """
    rows = (
        FanRating.objects.filter(appearance__in=[appearance.pk for appearance in appearances])
        .values("appearance_id")
        .annotate(**{f"votes_{n}": Count("pk", filter=Q(score=n)) for n in SCORES})
        .order_by()
    )
    return {
        row["appearance_id"]: Tally.from_distribution([row[f"votes_{n}"] for n in SCORES])
        for row in rows
    }


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
