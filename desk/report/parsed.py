"""What the parser returns: plain frozen dataclasses, and their published JSON shape."""

from dataclasses import dataclass
from decimal import Decimal

STARTER = "starter"
SUBSTITUTE = "substitute"

GOAL = "goal"
PENALTY = "penalty"
SAVE = "save"
DISALLOWED_GOAL = "disallowed_goal"
CHANCE = "chance"
CARD = "card"
OTHER = "other"


@dataclass(frozen=True)
class ParsedPlayer:
    name: str
    role: str
    rating: str
    value: Decimal | None
    line: int
    minute_on: int | None = None
    replaced: str | None = None


@dataclass(frozen=True)
class ParsedTeam:
    name: str
    players: tuple[ParsedPlayer, ...]


@dataclass(frozen=True)
class ParsedManOfTheMatch:
    name: str
    team: str | None
    player: str | None


@dataclass(frozen=True)
class ParsedEvent:
    minute: int
    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class Problem:
    line: int
    text: str
    message: str


@dataclass(frozen=True)
class Skipped:
    """A line read and left out on purpose: a coach, a referee, the unused bench."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ParsedReport:
    teams: tuple[ParsedTeam, ...]
    man_of_the_match: ParsedManOfTheMatch | None
    score: tuple[int, int] | None
    events: tuple[ParsedEvent, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[Skipped, ...] = ()

    def to_dict(self) -> dict:
        motm = self.man_of_the_match
        return {
            "teams": [
                {"name": team.name, "players": [_player_dict(p) for p in team.players]}
                for team in self.teams
            ],
            "man_of_the_match": None
            if motm is None
            else {"name": motm.name, "team": motm.team, "player": motm.player},
            "score": None if self.score is None else {"home": self.score[0], "away": self.score[1]},
            "events": [{"minute": e.minute, "kind": e.kind, "text": e.text} for e in self.events],
            "problems": [
                {"line": p.line, "text": p.text, "message": p.message} for p in self.problems
            ],
        }


def _player_dict(player: ParsedPlayer) -> dict:
    # Exactly the published JSON shape; the minute a substitute came on stays in ParsedPlayer.
    return {
        "name": player.name,
        "role": player.role,
        "rating": player.rating,
        "value": None if player.value is None else float(player.value),
    }
