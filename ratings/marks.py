"""Read one editor's mark as reports and editors write it: pure Python, no database.

Kept in ``ratings`` (which owns the editor's ratings) so the models, the admin and the
desk's report parser all read a mark the same way.
"""

import re
from decimal import Decimal

QUARTER = Decimal("0.25")
# N/A, NA, s.v. (senza voto), n.v. (non valutato), n.g. (non giudicabile): compared without dots
_NOT_RATED = {"na", "sv", "nv", "ng"}
_DASHES = {"-", "–", "—"}
_NUMBER = r"(\d+)(?:[.,](\d+)|(\s?½|\s+(?i:e\s+mezzo)))?"
_RATING_RE = re.compile(rf"{_NUMBER}(?:([+-])|[/-]{_NUMBER})?")


def parse_rating(text: str) -> Decimal | None:
    """Read one rating: ``7``, ``6.5``, ``6,5``, ``6½`` or ``6 e mezzo``; ``6+``/``6-`` (a quarter above or
    below); ``6/6,5`` or ``6-6,5`` (between the two: their mean, 6.25); ``6/10``.

    ``N/A``, ``NA``, ``s.v.``, ``sv``, ``n.g.``, ``n.v.`` and ``-`` mean "not rated" and give
    None. Anything else raises ValueError with a sentence fit to show the editor.
    """
    written = text.strip()
    if not written:
        raise ValueError("Rating is empty.")
    if written in _DASHES or re.sub(r"[\s./]", "", written.casefold()) in _NOT_RATED:
        return None
    # "6/10" is six out of ten, never the range 6 to 10.
    match = _RATING_RE.fullmatch(written.removesuffix("/10"))
    if not match:
        raise ValueError(f"Cannot read '{written}' as a rating.")
    whole, fraction, half, sign, *upper = match.groups()
    value = _number(whole, fraction, half)
    if upper[0] is not None:
        high = _number(*upper)
        if high <= value:
            raise ValueError(f"Rating {written} should go from the lower mark to the higher.")
        value = (value + high) / 2
    value += {"+": QUARTER, "-": -QUARTER}.get(sign, 0)
    if not 0 <= value <= 10:
        raise ValueError(f"Rating {written} is out of range (0 to 10).")
    if value % QUARTER:
        raise ValueError(f"Rating {written} is not a whole, half or quarter point.")
    return value


def _number(whole: str, fraction: str | None, half: str | None) -> Decimal:
    value = Decimal(whole)
    if fraction:
        value += Decimal(f"0.{fraction}")
    if half:
        value += Decimal("0.5")
    return value
