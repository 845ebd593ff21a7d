"""Read the player ratings, man of the match and key moments from a pasted match report.

Pure functions with plain results and no database: ``parse_report`` never raises, and
whatever it cannot read becomes a ``Problem`` with its line number instead of a guess.

One idea per module: ``marks`` (reading a mark), ``names`` (names and minutes),
``events`` (key moments and the score), ``blocks`` (finding the blocks and the teams),
``english`` (the English line forms), ``parsed`` (the results).
"""

import logging

from desk.report.blocks import parse
from desk.report.marks import parse_rating
from desk.report.names import match_name, normalize_name
from desk.report.parsed import (
    CARD,
    CHANCE,
    DISALLOWED_GOAL,
    GOAL,
    OTHER,
    PENALTY,
    SAVE,
    STARTER,
    SUBSTITUTE,
    ParsedEvent,
    ParsedManOfTheMatch,
    ParsedPlayer,
    ParsedReport,
    ParsedTeam,
    Problem,
    Skipped,
)

__all__ = [
    "CARD",
    "CHANCE",
    "DISALLOWED_GOAL",
    "GOAL",
    "OTHER",
    "PENALTY",
    "SAVE",
    "STARTER",
    "SUBSTITUTE",
    "ParsedEvent",
    "ParsedManOfTheMatch",
    "ParsedPlayer",
    "ParsedReport",
    "ParsedTeam",
    "Problem",
    "Skipped",
    "match_name",
    "normalize_name",
    "parse_rating",
    "parse_report",
]

logger = logging.getLogger(__name__)


def parse_report(text: str) -> ParsedReport:
    """Read a whole report or just its ratings block; never raises."""
    try:
        return parse(text)
    except Exception as exc:  # a safety net: the editor sees a problem, not a server error
        logger.exception(
            "The report parser failed on a report of %d lines.", len(text.splitlines())
        )
        problem = Problem(0, "", f"Could not read the report ({exc}).")
        return ParsedReport((), None, None, (), (problem,))
