"""Reading marks inside a line: which tokens are ratings, and what each one is worth."""

import re

from ratings.marks import QUARTER, parse_rating

__all__ = ["QUARTER", "is_bracket", "is_rating_token", "parse_rating", "unbracket"]

# A range (6/6,5) only between marks of one or two digits, so "2020/21" is not a rating; with
# a dash only when one end has a fraction (6-6,5), so a score such as 1-0 is not one either.
_END = r"\d{1,2}(?:[.,]\d{1,2}|½)?"
_FRACTION_END = r"\d{1,2}(?:[.,]\d{1,2}|½)"
_RATING_TOKEN_RE = re.compile(
    rf"(?i){_END}/{_END}|{_FRACTION_END}-{_END}|{_END}-{_FRACTION_END}"
    r"|\d+(?:[.,]\d+|½)?[+-]?(?:/10)?|n/?a|n\.a\.?|s\.?v\.?|n\.?[vg]\.?|[-–—]"
)


def is_rating_token(token: str) -> bool:
    return bool(_RATING_TOKEN_RE.fullmatch(unbracket(token)))


def is_bracket(token: str) -> bool:
    return len(token) > 1 and token[0] == "(" and token[-1] == ")"


def unbracket(token: str) -> str:
    return token[1:-1].strip() if is_bracket(token) else token


# A mark inside running text, as pagelle write it: 6, 6,5, 6.5, 6½, 6 e mezzo, 6+, 6-, 6/6,5, 6-6,5,
# sv, s.v., n.g., n.v., n/a. What may follow it is the caller's business.
_MARK_NUMBER = r"\d{1,2}(?:[.,]\d{1,2}|\s?½|\s+(?i:e\s+mezzo\b))?"
MARK = (
    rf"(?:{_MARK_NUMBER})(?:[/-](?:{_MARK_NUMBER})|[+-])?(?:/10)?"
    r"|(?i:s\.\s?v\.?|sv|n\.\s?[gva]\.?|n[gv]|n/a)"
)
