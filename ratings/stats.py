"""Crowd statistics from plain numbers: no ORM, so they are tested with tables alone.

The database sums the scores and their squares; everything derived from those sums is
computed here in Decimal, so an average of 6.65 rounds to 6.7 on every database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

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
    def median(self) -> Decimal | None:
        return median(self.distribution)

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


# --- The story: medians, agreement, provisional marks, a fan's own ballot ---------------------

TWO_PLACES = Decimal("0.01")


def round2(value: Decimal | None) -> Decimal | None:
    """Round half up to two decimal places, for exports (0.705 -> 0.71)."""
    if value is None:
        return None
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP) + 0


def median(distribution: Sequence[int]) -> Decimal | None:
    """The middle vote from how many fans gave 1, 2, ... 10; the mean of the two middle votes
    when the count is even (7 and 8 -> 7.5). None without votes."""
    votes = sum(distribution)
    if not votes:
        return None
    # 1-based positions of the middle vote(s): one position when odd, two when even.
    wanted = sorted({(votes + 1) // 2, votes // 2 + 1})
    found = []
    seen = 0
    for score, count in enumerate(distribution, start=1):
        seen += count
        while wanted and wanted[0] <= seen:
            found.append(score)
            wanted.pop(0)
    return Decimal(sum(found)) / len(found)


def is_provisional(tally: Tally, threshold: int) -> bool:
    """A crowd mark from fewer than `threshold` votes may still swing a long way."""
    return tally.votes < threshold


def ranks(values: Sequence[Decimal]) -> list[Fraction]:
    """1-based ranks, highest value first; tied values share the mean of their places."""
    order = sorted(range(len(values)), key=lambda index: values[index], reverse=True)
    result: list[Fraction] = [Fraction(0)] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = Fraction(start + end + 2, 2)  # the mean of places start+1 .. end+1
        for position in range(start, end + 1):
            result[order[position]] = shared
        start = end + 1
    return result


def spearman(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Spearman's rank correlation of (crowd, editor) pairs, with tied ranks averaged.

    It is Pearson's correlation of the ranks, computed exactly in fractions. None with fewer
    than three pairs, or when one side gave everyone the same mark (there is no order to compare).
    """
    if len(pairs) < 3:
        return None
    xs = ranks([x for x, _ in pairs])
    ys = ranks([y for _, y in pairs])
    mean = Fraction(len(pairs) + 1, 2)  # ranks 1..n always average (n + 1) / 2, ties or not
    covariance = sum((x - mean) * (y - mean) for x, y in zip(xs, ys, strict=True))
    spread_x = sum((x - mean) ** 2 for x in xs)
    spread_y = sum((y - mean) ** 2 for y in ys)
    if not spread_x or not spread_y:
        return None
    product = spread_x * spread_y
    root = (Decimal(product.numerator) / Decimal(product.denominator)).sqrt()
    return Decimal(covariance.numerator) / Decimal(covariance.denominator) / root


def mean_absolute_difference(lines: Iterable[Line]) -> Decimal | None:
    """How far apart crowd and editor were per player, ignoring direction (unrounded)."""
    gaps = [
        abs(line.crowd_mean - line.editor_value)
        for line in lines
        if line.crowd_mean is not None and line.editor_value is not None
    ]
    if not gaps:
        return None
    return sum(gaps, Decimal(0)) / len(gaps)


def order_in_words(rho: Decimal | None) -> str:
    """Spearman's rho said the way a sports desk would say it."""
    if rho is None:
        return "too few players were rated by both to compare their order"
    if rho >= Decimal("0.8"):
        return "the crowd and the editor ranked the players much the same"
    if rho >= Decimal("0.5"):
        return "the crowd and the editor broadly agreed on the order of the players"
    if rho >= Decimal("0.2"):
        return "the crowd and the editor agreed only loosely on the order of the players"
    if rho > Decimal("-0.2"):
        return "the crowd's order of the players had little to do with the editor's"
    if rho > Decimal("-0.5"):
        return "the crowd tended to rank the players the other way round from the editor"
    return "the crowd ranked the players almost the opposite way to the editor"


@dataclass(frozen=True)
class Agreement:
    """How close crowd and editor were over one match: size of the gaps, and the order."""

    players: int  # rated by both
    mean_absolute_difference: Decimal | None
    spearman: Decimal | None

    @property
    def order_in_words(self) -> str:
        return order_in_words(self.spearman)

    @property
    def headline(self) -> str:
        if not self.players:
            return "No player has both a crowd mark and an editor's mark yet."
        gap = round1(self.mean_absolute_difference)
        players = f"{self.players} player{'s' if self.players != 1 else ''}"
        points = "point" if gap == 1 else "points"
        sentence = (
            f"Over the {players} rated by both, the crowd was on average {gap} {points} "
            f"away from the editor"
        )
        if self.spearman is None:
            return f"{sentence}; {self.order_in_words}."
        rho = round2(self.spearman)
        return f"{sentence}, and {self.order_in_words} (rank correlation {rho})."


def agreement(lines: Sequence[Line]) -> Agreement:
    both = [line for line in lines if line.crowd_mean is not None and line.editor_value is not None]
    return Agreement(
        players=len(both),
        mean_absolute_difference=mean_absolute_difference(both),
        spearman=spearman([(line.crowd_mean, line.editor_value) for line in both]),
    )


@dataclass(frozen=True)
class Furthest:
    """Where one fan's own mark was furthest from the crowd's or the editor's."""

    line: Line
    mine: int
    theirs: Decimal
    gap: Decimal  # the fan's mark minus theirs, unrounded


def furthest(lines: Iterable[Line], mine: dict, against: str) -> Furthest | None:
    """The player (of those the fan rated) where the fan's mark and `against` ("crowd" or
    "editor") differ most; ties go to the earlier line, so the pick is stable."""
    best = None
    for line in lines:
        score = mine.get(line.key)
        theirs = line.crowd_mean if against == "crowd" else line.editor_value
        if score is None or theirs is None:
            continue
        gap = Decimal(score) - theirs
        if best is None or abs(gap) > abs(best.gap):
            best = Furthest(line=line, mine=score, theirs=theirs, gap=gap)
    return best
