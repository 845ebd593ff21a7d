"""Reading names and minutes: folding a name for comparison, matching it, a minute on."""

import difflib
import re
import unicodedata

_FOLD = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss"}
    | {"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "'": "", "’": "", "`": "", "´": ""}
)
NAME_WORD_RE = re.compile(r"[^\W\d_][\w'’.\-]*")


def normalize_name(name: str) -> str:
    """``"Szczęsny"`` -> ``"szczesny"``, ``"Dewsbury-Hall"`` -> ``"dewsbury hall"``.

    Accents go, case folds, apostrophes vanish (``N'Golo`` -> ``ngolo``), and runs of
    spaces, hyphens and dots become one space.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[-‐–.\s_]+", " ", plain).split())


def match_name(name: str, candidates: dict[object, str]) -> list[object]:
    """Keys of ``candidates`` whose name matches ``name``, best tier only, best first.

    Tiers: the same normalized name; then one name is a trailing run of words of the other
    (``Meret``/``Alex Meret``, ``Lorenzo Insigne``/``Insigne``); then difflib ratio >= 0.8
    on the whole name or the surname words (``Szcznesy``/``Wojciech Szczesny``).
    More than one key means the name is ambiguous.
    """
    wanted = normalize_name(name).split()
    if not wanted:
        return []
    names = {key: normalize_name(full).split() for key, full in candidates.items()}
    names = {key: words for key, words in names.items() if words}
    exact = [key for key, words in names.items() if words == wanted]
    if exact:
        return exact
    trailing = [
        key
        for key, words in names.items()
        if _ends_with(words, wanted) or _ends_with(wanted, words)
    ]
    if trailing:
        return trailing
    scored = []
    for key, words in names.items():
        ratio = max(
            _ratio(wanted, words),
            _ratio(wanted, words[-len(wanted) :]),
            _ratio(wanted[-len(words) :], words),
        )
        if ratio >= 0.8:
            scored.append((ratio, key))
    scored.sort(key=lambda pair: -pair[0])
    return [key for _, key in scored]


def same_team(a: str, b: str) -> bool:
    a, b = f" {normalize_name(a)} ", f" {normalize_name(b)} "
    return a in b or b in a


def looks_like_name(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= 4 and words[-1][0].isupper()


def split_minute(text: str) -> tuple[int | None, str]:
    """``"63' Elmas 5,5"``, ``"63 Elmas 5,5"`` or ``"Elmas 5,5 63'"`` -> ``(63, "Elmas 5,5")``."""
    tokens = text.split()
    if len(tokens) > 1 and (match := re.fullmatch(r"(\d{1,3})(?:\+\d{1,2})?['’′]?", tokens[0])):
        return int(match[1]), text.split(None, 1)[1]
    if len(tokens) > 1 and (match := re.fullmatch(r"(\d{1,3})(?:\+\d{1,2})?['’′]", tokens[-1])):
        return int(match[1]), text.rsplit(None, 1)[0]
    return None, text


def _ends_with(words: list[str], tail: list[str]) -> bool:
    return len(tail) <= len(words) and words[-len(tail) :] == tail


def _ratio(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()


# A minute as pagelle write it: 70', 70’, 70′, 45+2', 45'+2, 17' st or 21'st (second half: 45 + 17),
# 32' pt (first half). ``minute_from`` turns the match into the minute of the match.
APOSTROPHES = "'’′`´"
MINUTE = (
    rf"(?P<minute>\d{{1,3}})(?:\s*\+\s*\d{{1,2}})?\s*[{APOSTROPHES}]{{0,2}}"
    rf"(?:\s*\+\s*\d{{1,2}}\s*[{APOSTROPHES}]?)?"
    r"(?:\s*(?P<half>(?i:[sp]\.?\s?t\.?))(?![^\W\d_]))?"
)


def minute_from(match: re.Match) -> int:
    minute = int(match["minute"])
    half = (match["half"] or "").casefold()
    return minute + 45 if half.startswith("s") else minute


def display_name(name: str) -> str:
    """A name written in CAPITALS reads as a name: ``"DE LIGT"`` -> ``"De Ligt"``."""
    if name.isupper():
        return name.title()
    return name
