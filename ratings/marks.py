"""Read one editor's mark as reports and editors write it: pure Python, no database.

Kept in ``ratings`` (which owns the editor's ratings) so the models, the admin and the
desk's report parser all read a mark the same way.
"""

import re
from decimal import Decimal

QUARTER = Decimal("0.25")
_NOT_RATED = {"na", "sv", "nv"}  # N/A, NA, s.v. (senza voto), n.v., compared without dots
_DASHES = {"-", "–", "—"}
_RATING_RE = re.compile(r"(\d+)(?:[.,](\d+))?([+-]?)(?:/10)?")


def parse_rating(text: str) -> Decimal | None:
    """Read one rating: ``7``, ``6.5`` or ``6,5``, ``6+``/``6-`` (a quarter above/below).

    ``N/A``, ``NA``, ``s.v.``, ``sv`` and ``-`` mean "not rated" and give None. Anything
    else raises ValueError with a sentence fit to show the editor.
    """
    written = text.strip()
    if not written:
        raise ValueError("Rating is empty.")
    if written in _DASHES or re.sub(r"[\s./]", "", written.casefold()) in _NOT_RATED:
        return None
    match = _RATING_RE.fullmatch(written)
    if not match:
        raise ValueError(f"Cannot read '{written}' as a rating.")
    whole, fraction, sign = match.groups()
    value = Decimal(whole) + (Decimal(f"0.{fraction}") if fraction else 0)
    value += {"+": QUARTER, "-": -QUARTER, "": 0}[sign]
    if not 0 <= value <= 10:
        raise ValueError(f"Rating {written} is out of range (0 to 10).")
    if value % QUARTER:
        raise ValueError(f"Rating {written} is not a whole, half or quarter point.")
    return value
