"""Key moments and the score: ``63' - GOAL! Napoli 1-0 Juventus``."""

import re

from desk.report.names import same_team
from desk.report.parsed import (
    CARD,
    CHANCE,
    DISALLOWED_GOAL,
    GOAL,
    OTHER,
    PENALTY,
    SAVE,
    ParsedTeam,
)

MOMENTS_HEADING_RE = re.compile(r"(?i)key\s+moments\s*:?")
_MINUTE = r"(\d{1,3})(?:\s*\+\s*\d{1,2})?"
EVENT_RE = re.compile(_MINUTE + r"\s*['’′]\s*[-–—:]\s*(?P<text>.*[^\W\d_].*)")
# Inside a KEY MOMENTS section the apostrophe or the dash may be missing.
LOOSE_EVENT_RE = re.compile(_MINUTE + r"\s*(?:['’′]\s*[-–—:]?|[-–—:])\s*(?P<text>.*[^\W\d_].*)")
_KINDS = (
    (DISALLOWED_GOAL, r"\bdisallowed\b|\bruled out\b|\bchalked off\b"),
    (GOAL, r"^(?:own[\s-]+)?goal\b(?!-)|\bscores\b"),
    (CARD, r"\bbooked\b|\bbooking\b|\byellow card\b|\bred card\b|\bsent off\b"),
    (SAVE, r"\bsaves?\b|\bsaved\b|\bto the rescue\b|\bdenies\b"),
    (PENALTY, r"\bpenalty\b"),
    (CHANCE, r"\bchances?\b"),
)
_SCORE_RE = re.compile(r"(?<![\w-])(\d{1,2}) ?[-–] ?(\d{1,2})(?![\w-])")


def event_kind(text: str) -> str:
    """The kind comes from the headline (the text before the first ``!``, ``?``, ``:`` or ``.``)."""
    headline = re.match(r"[^!?:.]*", text)[0] or text
    for kind, pattern in _KINDS:
        if re.search(pattern, headline, re.IGNORECASE):
            return kind
    return OTHER


def find_score(text: str) -> tuple[str, int, int, str] | None:
    """``"GOAL! Napoli 1-0 Juventus (Insigne)"`` -> ``("Napoli", 1, 0, "Juventus")``.

    The team names are the runs of capitalised words right before and after the score.
    """
    for match in _SCORE_RE.finditer(text):
        before = []
        for token in reversed(text[: match.start()].split()[-4:]):
            if token[-1] in "!?:.,;)" or not (token[0].isupper() or token == "&"):
                break
            before.insert(0, token)
        after = []
        for token in text[match.end() :].split()[:4]:
            word = token.rstrip("!?:.,;")
            if not (word[:1].isupper() or word == "&"):
                break
            after.append(word)
            if word != token:
                break
        if before and after:
            return " ".join(before), int(match[1]), int(match[2]), " ".join(after)
    return None


def oriented_score(found: tuple[str, int, int, str], teams: list[ParsedTeam]) -> tuple[int, int]:
    """The score in the order of the rated teams when its names match theirs."""
    left, left_goals, right_goals, right = found
    if len(teams) >= 2:
        home, away = teams[0].name, teams[1].name
        swapped = (same_team(left, away) and not same_team(left, home)) or (
            same_team(right, home) and not same_team(right, away)
        )
        if swapped:
            return right_goals, left_goals
    return left_goals, right_goals
