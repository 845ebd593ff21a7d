from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone

from matches.colours import initials

# A minute on is from 1 to 150: extra time and stoppages fit; the database refuses later ones.
FIRST_MINUTE, LATEST_MINUTE = 1, 150


def check_minute_on(minute: int | None, *, who: str) -> int | None:
    """A substitute's minute on, refused in words naming the row and player when out of range."""
    if minute is not None and not FIRST_MINUTE <= minute <= LATEST_MINUTE:
        raise ValidationError(
            f"{who}: minute on must be between {FIRST_MINUTE} and {LATEST_MINUTE}."
        )
    return minute


class Competition(models.Model):
    name = models.CharField(max_length=100)
    season = models.CharField(max_length=20, help_text="For example 2020-21.")

    class Meta:
        ordering = ["name", "-season"]
        constraints = [
            models.UniqueConstraint(fields=["name", "season"], name="competition_unique_season"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.season}"

    def get_absolute_url(self) -> str:
        return reverse("matches:list") + f"?competition={self.pk}"


COLOUR_PATTERN = r"^#[0-9a-f]{6}$"
colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Enter a colour as # and six hex digits, for example #12a0d7."
)


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    # Stored as lower-case "#rrggbb" (save() lowers it); the pages draw the match header, the
    # badge and the ballot in these two colours.
    primary_colour = models.CharField(
        max_length=7,
        default="#4a5360",
        validators=[colour_validator],
        help_text="The club's main colour, for example Napoli's sky blue #12a0d7.",
    )
    secondary_colour = models.CharField(
        max_length=7,
        default="#ffffff",
        validators=[colour_validator],
        help_text="The club's second colour, for the other half of its badge.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(primary_colour__regex=COLOUR_PATTERN)
                & Q(secondary_colour__regex=COLOUR_PATTERN),
                name="team_colours_are_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.primary_colour = self.primary_colour.lower()
        self.secondary_colour = self.secondary_colour.lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("matches:list") + f"?team={self.pk}"

    def clean(self) -> None:
        # Before the constraint check, which wants lower case: "#12A0D7" is the same colour.
        self.primary_colour = self.primary_colour.lower()
        self.secondary_colour = self.secondary_colour.lower()

    @property
    def initials(self) -> str:
        return initials(self.name)


class Player(models.Model):
    name = models.CharField(max_length=100, help_text="Full name, for example Alex Meret.")
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="players",
        help_text="The player's current team.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ratings:player", args=[self.pk])


class MatchQuerySet(models.QuerySet):
    def open_for_rating(self, now: datetime | None = None) -> MatchQuerySet:
        now = now or timezone.now()
        return self.filter(rating_opens_at__lte=now, rating_closes_at__gt=now)

    def with_teams(self) -> MatchQuerySet:
        return self.select_related("competition", "home_team", "away_team")


class Match(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="matches")
    home_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="home_matches")
    away_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="away_matches")
    kickoff = models.DateTimeField()
    venue = models.CharField(max_length=100, blank=True)
    home_score = models.PositiveSmallIntegerField(null=True, blank=True)
    away_score = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_opens_at = models.DateTimeField()
    rating_closes_at = models.DateTimeField()
    man_of_the_match = models.ForeignKey(
        "Appearance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="editor's man of the match",
    )
    report_text = models.TextField(
        blank=True, help_text="The match report as the editor pasted it, kept as written."
    )

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-kickoff", "-pk"]
        verbose_name_plural = "matches"
        constraints = [
            models.CheckConstraint(
                condition=~Q(home_team=F("away_team")), name="match_teams_differ"
            ),
            models.CheckConstraint(
                condition=Q(home_score__isnull=True) | Q(home_score__gte=0),
                name="match_home_score_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(away_score__isnull=True) | Q(away_score__gte=0),
                name="match_away_score_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(rating_closes_at__gt=F("rating_opens_at")),
                name="match_rating_window_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.home_team} {self.score_display} {self.away_team}, {self.kickoff:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("ratings:ballot", args=[self.pk])

    def clean(self) -> None:
        if self.home_team_id and self.home_team_id == self.away_team_id:
            raise ValidationError({"away_team": "A team cannot play itself."})
        if (
            self.rating_opens_at
            and self.rating_closes_at
            and self.rating_closes_at <= self.rating_opens_at
        ):
            raise ValidationError(
                {"rating_closes_at": "The rating window must close after it opens."}
            )
        if self.man_of_the_match_id and self.man_of_the_match.match_id != self.pk:
            raise ValidationError(
                {"man_of_the_match": "The man of the match must have played in this match."}
            )

    @property
    def score_display(self) -> str:
        if self.home_score is None or self.away_score is None:
            return "v"
        return f"{self.home_score}-{self.away_score}"

    def is_open_for_rating(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.rating_opens_at <= now < self.rating_closes_at

    def has_rating_closed(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.rating_closes_at

    def team_sheet(self) -> models.QuerySet[Appearance]:
        """This match's appearances: home side first, then starters before substitutes."""
        home_first = Case(When(team_id=self.home_team_id, then=0), default=1)
        return self.appearances.order_by(home_first, "role", "order", "pk")

    @staticmethod
    def default_rating_window(kickoff: datetime) -> tuple[datetime, datetime]:
        """Fans rate from kick-off until ``RATING_WINDOW_HOURS`` later, unless the editor says."""
        return kickoff, kickoff + timezone.timedelta(hours=settings.RATING_WINDOW_HOURS)

    def close_ratings(self, now: datetime | None = None) -> None:
        now = now or timezone.now()
        if self.rating_closes_at > now:
            self.rating_closes_at = max(now, self.rating_opens_at + timezone.timedelta(seconds=1))
            self.save(update_fields=["rating_closes_at"])


class Appearance(models.Model):
    """A player's part in one match, for one team: the unit fans and the editor rate."""

    class Role(models.TextChoices):
        STARTER = "starter", "Starter"
        SUBSTITUTE = "substitute", "Substitute"

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="appearances")
    player = models.ForeignKey(Player, on_delete=models.PROTECT, related_name="appearances")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="appearances")
    role = models.CharField(max_length=10, choices=Role, default=Role.STARTER)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the team sheet, starters first."
    )
    minute_on = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a substitute, the minute he came on."
    )

    class Meta:
        ordering = ["match", "team", "role", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["match", "player"], name="appearance_player_once"),
            models.CheckConstraint(
                condition=Q(minute_on__isnull=True) | Q(minute_on__lte=LATEST_MINUTE),
                name="appearance_minute_on_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.player.name} ({self.team.name})"

    def get_absolute_url(self) -> str:
        return self.player.get_absolute_url()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the row held when loaded, so a change of player or match can be told apart
        # from an edit of the same row without asking the database again.
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    def clean(self) -> None:
        if (
            self.match_id
            and self.team_id
            and self.team_id not in (self.match.home_team_id, self.match.away_team_id)
        ):
            raise ValidationError({"team": "The team must be one of the two sides in this match."})
        self.validate_line_up_change()

    def validate_line_up_change(self) -> None:
        """The line-up rules every editor's tool applies (admin, report import, team sheet).

        A new or re-pointed row's player must belong to the row's team (a player with no
        team yet may join either). A row fans have rated keeps its player and match: moving
        it would move their votes to someone else. The database refuses that too (a trigger,
        migration ratings 0005), this says so in words.
        """
        loaded = getattr(self, "_loaded", {})
        player_changed = loaded.get("player_id") != self.player_id
        team_changed = loaded.get("team_id") != self.team_id
        if (
            (player_changed or team_changed)
            and self.player_id
            and self.team_id
            and self.player.team_id not in (None, self.team_id)
        ):
            raise ValidationError(
                {
                    "player": f"{self.player.name} plays for {self.player.team}, not "
                    f"{self.team}: choose one of {self.team}'s players, or change his team first."
                }
            )
        if self.pk and (player_changed or loaded.get("match_id") != self.match_id):
            rated = Appearance.objects.filter(pk=self.pk, fan_ratings__isnull=False).exists()
            if rated:
                name = (
                    Player.objects.filter(pk=loaded.get("player_id"))
                    .values_list("name", flat=True)
                    .first()
                )
                raise ValidationError(
                    {
                        "player": f"Fans have already rated {name} in this match, so this "
                        "line-up row cannot be given to another player or match: their votes "
                        f"would move with it. Keep {name} and add the other player as a new row."
                    }
                )

    def deletion_refusal(self) -> str | None:
        """Why this row cannot be deleted, or None: fans' votes are never deleted by an editor."""
        votes = self.fan_ratings.count()
        if not votes:
            return None
        return (
            f"Fans have rated {self.player.name} in this match ({votes} vote"
            f"{'s' if votes != 1 else ''}), so he stays in the line-up: their votes are never "
            "deleted by an editor's change."
        )


class MatchEvent(models.Model):
    class Kind(models.TextChoices):
        GOAL = "goal", "Goal"
        PENALTY = "penalty", "Penalty"
        SAVE = "save", "Save"
        DISALLOWED_GOAL = "disallowed_goal", "Goal disallowed"
        CHANCE = "chance", "Chance"
        CARD = "card", "Card"
        OTHER = "other", "Other"

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="events")
    minute = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    description = models.TextField()

    class Meta:
        ordering = ["match", "minute", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minute__lte=LATEST_MINUTE), name="event_minute_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minute}' {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.match.get_absolute_url()
