"""Crowd statistics from plain numbers: no ORM, so they are tested with tables alone.

The database sums the scores and their squares; everything derived from those sums is
computed here in Decimal, so an average of 6.65 rounds to 6.7 on every database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_PLACE = Decimal("0.1")


def round1(value: Decimal | None) -> Decimal | None:
    """Round half up to one decimal place (6.65 -> 6.7, -0.25 -> -0.3)."""
    if value is None:
        return None
    # Adding 0 turns a "-0.0" (a small negative gap) into a plain 0.0.
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP) + 0


@dataclass(frozen=True)
class Tally:
    """The fan votes for one player in one match, as counts and sums."""

    votes: int = 0
    total: int = 0
    total_of_squares: int = 0
    distribution: tuple[int, ...] = ()  # how many fans gave 1, 2, ... 10, when known

    @classmethod
    def from_distribution(cls, counts: Sequence[int]) -> Tally:
        """A tally from how many fans gave each score, 1 first."""
        scored = list(enumerate(counts, start=1))
        return cls(
            votes=sum(counts),
            total=sum(score * count for score, count in scored),
            total_of_squares=sum(score * score * count for score, count in scored),
            distribution=tuple(counts),
        )

    @property
    def mean(self) -> Decimal | None:
        if not self.votes:
            return None
        return Decimal(self.total) / Decimal(self.votes)

    @property
    def spread(self) -> Decimal | None:
        """Population standard deviation of the votes: how much the crowd disagrees."""
        if not self.votes:
            return None
        # Variance = (n * sum of squares - total squared) / n squared, all in integers first.
        n = self.votes
        return (Decimal(n * self.total_of_squares - self.total * self.total) / (n * n)).sqrt()


def difference(crowd_mean: Decimal | None, editor_value: Decimal | None) -> Decimal | None:
    """Crowd minus editor, to one decimal; None when either side has no rating."""
    if crowd_mean is None or editor_value is None:
        return None
    return round1(crowd_mean - editor_value)


@dataclass(frozen=True)
class Line:
    """One player's line in a comparison: a key for the caller, a name, two ratings."""

    key: object
    name: str
    tally: Tally
    editor_value: Decimal | None

    @property
    def crowd_mean(self) -> Decimal | None:
        return self.tally.mean

    @property
    def difference(self) -> Decimal | None:
        return difference(self.tally.mean, self.editor_value)


def crowd_pick(lines: Iterable[Line], min_votes: int) -> Line | None:
    """The crowd's man of the match: highest average among players with enough votes.

    Ties go to the player with more votes, then to the name, so the pick is stable.
    """
    eligible = [line for line in lines if line.tally.votes >= max(min_votes, 1)]
    if not eligible:
        return None
    return min(eligible, key=lambda line: (-line.tally.mean, -line.tally.votes, line.name))


def biggest_disagreements(lines: Sequence[Line], limit: int = 3) -> list[Line]:
    """Players where crowd and editor differ most (by rounded difference), largest first."""
    compared = [line for line in lines if line.difference is not None and line.difference != 0]
    compared.sort(key=lambda line: (-abs(line.difference), -line.tally.votes, line.name))
    return compared[:limit]


@dataclass(frozen=True)
class Record:
    """A player's record over several matches (a season): both sides' averages."""

    matches: int
    editor_mean: Decimal | None
    crowd: Tally

    @property
    def difference(self) -> Decimal | None:
        return difference(self.crowd.mean, self.editor_mean)


def record(lines: Sequence[Line]) -> Record:
    """Editor mean over the matches he was rated in; crowd mean over every fan vote."""
    marks = [line.editor_value for line in lines if line.editor_value is not None]
    return Record(
        matches=len(lines),
        editor_mean=sum(marks, Decimal(0)) / len(marks) if marks else None,
        crowd=Tally(
            votes=sum(line.tally.votes for line in lines),
            total=sum(line.tally.total for line in lines),
            total_of_squares=sum(line.tally.total_of_squares for line in lines),
        ),
    )


def mean_difference(lines: Iterable[Line]) -> Decimal | None:
    """The average of crowd-minus-editor over the players both rated, to one decimal."""
    gaps = [
        line.crowd_mean - line.editor_value
        for line in lines
        if line.crowd_mean is not None and line.editor_value is not None
    ]
    if not gaps:
        return None
    return round1(sum(gaps, Decimal(0)) / len(gaps))


@dataclass(frozen=True)
class Bar:
    score: int
    count: int
    height: int  # percent of the tallest bar


def histogram(distribution: Sequence[int]) -> list[Bar]:
    """Bars for scores 1..10, scaled so the most common score is 100."""
    tallest = max(distribution, default=0)
    return [
        Bar(score, count, round(100 * count / tallest) if tallest else 0)
        for score, count in enumerate(distribution, start=1)
    ]
