"""Reading marks inside a line: which tokens are ratings, and what each one is worth."""

import re

from ratings.marks import QUARTER, parse_rating

__all__ = ["QUARTER", "is_bracket", "is_rating_token", "parse_rating", "unbracket"]

_RATING_TOKEN_RE = re.compile(r"(?i)\d+(?:[.,]\d+)?[+-]?(?:/10)?|n/?a|n\.a\.?|[sn]\.?v\.?|[-–—]")


def is_rating_token(token: str) -> bool:
    return bool(_RATING_TOKEN_RE.fullmatch(unbracket(token)))


def is_bracket(token: str) -> bool:
    return len(token) > 1 and token[0] == "(" and token[-1] == ")"


def unbracket(token: str) -> str:
    return token[1:-1].strip() if is_bracket(token) else token
