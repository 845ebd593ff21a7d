"""The Italian forms: pagelle, one player per line, the mark, then a comment.

    MERET 8 - Para tutto.                         Zielinski 6- Si accende a tratti.
    Politano 6: tanta corsa (17' st Fabian Ruiz 5) Insigne 8: il rigore. Dall'85' Lobotka sv
    DE LIGT 6,5; CHIELLINI 5; DANILO 6            Bentancur 6 - Rabiot 6 - Bernardeschi 6
    Alex Sandro (dal 29' st) 6                    Osimhen 6 (61' Pavoletti sv, dal 76' Petagna sv)

``read_line`` reads such a line into its entries; a line that does not start with a player
gives None (prose, or a comment running on from the line above). Decisions:

- Several players share a line when each one after the first follows ``;``, ``,``, ``|`` or
  `` - `` and is itself ``Name mark`` ending there; otherwise what follows the mark is the
  comment (after ``:``, `` - ``, `` – `` or nothing at all).
- In the comment, a bracket holding ``[dal] minute Name mark`` items (or just ``Name mark``)
  lists substitutes; after a full stop, ``Dal 85' Name mark`` or ``Name (dal 29' st) mark``
  is one more player. Any other ``Name mark`` left in a comment is reported, not guessed.
- A substitute with no minute replaced the player whose line he is on; in a chain each
  replaced the one before. ``st`` is the second half (45 + minute); added time is dropped.
"""

import re
from dataclasses import dataclass

from desk.report.marks import MARK
from desk.report.names import APOSTROPHES, MINUTE, display_name, minute_from

_WORD = r"(?!(?i:voto)\b)[^\W\d_](?:[^\W\d_]|['’\-.])*"
_NAME = rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,3}})"
_FROM = rf"(?:(?i:dall?|dalla|da)\s*[{APOSTROPHES}]?\s*)?"
_ENTRY_RE = re.compile(
    rf"{_NAME}\s*(?:\((?P<bracket>[^()]*)\)\s*)?(?:,?\s*(?i:voto)\b)?:?\s*"
    rf"(?<![^\W\d_])(?P<mark>\((?:{MARK})\)|{MARK})"  # "Losing" is no "Losi ng"
)
_SUB_RE = re.compile(rf"{_FROM}{MINUTE}\s*(?={_WORD})")
_MINUTE_ONLY_RE = re.compile(rf"\s*{_FROM}{MINUTE}\s*")
# "(per Zielinski)", "(70' per Zielinski)", "(al posto di Zielinski)": the player replaced.
_REPLACED_RE = re.compile(
    rf"\s*(?:{_FROM}{MINUTE}\s*)?(?i:per|al\s+posto\s+di|x|for)\s+"
    rf"(?P<replaced>{_WORD}(?:\s+{_WORD}){{0,3}})\s*"
)
# After a mark: loose at the start of a line ("Zielinski 6- Si accende"), strict elsewhere.
_LOOSE_END_RE = re.compile(r"$|[\s.,;:!?)|\-–—]")
_STRICT_END_RE = re.compile(r"\s*(?:$|[,;:|(]|[.!?](?:\s|$)|[-–—](?:\s|$))")
_SEPARATOR_RE = re.compile(r"\s*(?:[;,|]|[-–—](?=\s))\s*")
_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+")
_OPENING_RE = re.compile(r"\s*\(")
_BULLET_RE = re.compile(r"^(?:[-–—•*·>]|\d{1,2}[.)])\s+")  # "- Meret 8", "1. Meret 8"
_CHAIN_RE = re.compile(rf"\s*[,;]\s*(?={_FROM}\d)")  # the next substitute in a bracket
_PARTICLES = {"da", "de", "del", "della", "dei", "di", "do", "dos", "du", "el", "la", "le"}
_PARTICLES |= {"mac", "ten", "ter", "van", "von", "der", "den"}
# Words that start prose or a label, never a player's name.
_NOT_NAMES = {"all", "allenatore", "arbitro", "mister", "voto", "migliore", "peggiore", "mvp"}
_NOT_NAMES |= {"pagella", "pagelle", "il", "lo", "gli", "un", "una", "uno", "in", "con", "per"}
_NOT_NAMES |= {"tra", "fra", "su", "ma", "e", "ed", "che", "non", "al", "dal", "dall", "the"}
_TAGS = {"c", "cap", "capt", "k", "vc", "gk", "p"}


@dataclass(frozen=True)
class Entry:
    name: str
    rating: str
    text: str  # as written, for a problem
    substitute: bool = False
    minute: int | None = None
    replaced: str | None = None  # whom a substitute replaced; None: the player above him


@dataclass(frozen=True)
class Line:
    entries: list[Entry]
    unread: list[str]  # "Name mark" pieces left in a comment


def read_line(text: str) -> Line | None:
    """The players on one pagelle line, or None when it does not start with one."""
    text = _BULLET_RE.sub("", text, count=1)
    first = _entry_at(text, 0, strict=False)
    if first is None:
        first = _bracket_line(text)
        return None if first is None else Line(first, [])
    entries, unread = [], []
    entry, end = first
    while entry is not None:
        entries.append(entry)
        starter = entry.name
        while True:
            end = _brackets_after(text, end, starter, entries)
            separator = _SEPARATOR_RE.match(text, end)
            following = separator and _entry_at(text, separator.end(), strict=True)
            if not following:
                break
            entry, end = following
            entries.append(entry)
            starter = entry.name if not entry.substitute else starter
        entry, end = _comment(text, end, starter, entries, unread)
    return Line(entries, unread)


def _brackets_after(text: str, end: int, starter: str, entries: list[Entry]) -> int:
    """Read the brackets right after a player (his substitutes, or a note) and skip them."""
    while bracket := _OPENING_RE.match(text, end):
        close = _closing(text, bracket.end() - 1)
        content = text[bracket.end() : close]
        instead = _replaced(content)
        only_minute = _MINUTE_ONLY_RE.fullmatch(content)
        last = entries[-1] if entries else None
        if instead and last is not None and not last.substitute:
            # "Elmas 5,5 (per Zielinski)": he came on for the player named.
            minute = minute_from(instead) if instead["minute"] else None
            replaced = display_name(instead["replaced"])
            entries[-1] = Entry(last.name, last.rating, last.text, True, minute, replaced)
        elif only_minute and last is not None and not last.substitute:
            # "Petagna s.v. (dall'88')": the minute he came on, after his mark.
            entries[-1] = Entry(last.name, last.rating, last.text, True, minute_from(only_minute))
        else:
            entries.extend(_bracket(content, starter) or [])
        end = close + 1
    return end


def starts_with_player(text: str) -> bool:
    text = _BULLET_RE.sub("", text, count=1)
    return _entry_at(text, 0, strict=False) is not None or _bracket_line(text) is not None


def is_bare(text: str) -> bool:
    """Only a name and a mark (``Rrahmani 7``), so the comment is on the next line."""
    first = _entry_at(_BULLET_RE.sub("", text, count=1), 0, strict=True)
    return first is not None and not text[first[1] :].strip(" .;:")


def reads_as_comment(text: str) -> bool:
    """``Segna 2 gol`` under ``Rrahmani 7``: a word, a number, then lower-case prose."""
    first = _entry_at(text, 0, strict=False)
    return (
        first is not None
        and _entry_at(text, 0, strict=True) is None
        and bool(re.match(r"\s+[^\W\d_]", text[first[1] :]))
        and text[first[1] :].strip()[:1].islower()
    )


def looks_like_a_player(text: str) -> bool:
    """A line that was not read but starts like one (``Meret voto 6``), so not plain prose."""
    words = text.split()
    return bool(words) and _is_name(words[0]) and any(re.search(r"\d", w) for w in words[1:4])


def _entry_at(text: str, pos: int, *, strict: bool) -> tuple[Entry, int] | None:
    minute = None
    if sub := _SUB_RE.match(text, pos):
        minute, pos = minute_from(sub), sub.end()
    found = _ENTRY_RE.match(text, pos)
    if not found or not _is_name(found["name"]):
        return None
    # A minute before the name is evidence enough: "(dal 25' st Elmas 5,5 Si nasconde)".
    end_re = _STRICT_END_RE if strict and not sub else _LOOSE_END_RE
    if not end_re.match(text, found.end()):
        return None
    bracket, replaced = found["bracket"], None
    if bracket is not None:
        inner = _MINUTE_ONLY_RE.fullmatch(bracket)
        instead = _replaced(bracket)
        if inner:
            minute = minute_from(inner)
        elif instead:
            replaced = display_name(instead["replaced"])
            minute = minute_from(instead) if instead["minute"] else minute
        elif bracket.strip().casefold().rstrip(".") not in _TAGS:
            return None
    mark = found["mark"].removeprefix("(").removesuffix(")").strip()
    substitute = sub is not None or minute is not None or replaced is not None
    name = display_name(found["name"])
    written = text[pos if sub is None else sub.start() : found.end()].strip()
    return Entry(name, mark, written, substitute, minute, replaced), found.end()


def _replaced(bracket: str) -> re.Match | None:
    instead = _REPLACED_RE.fullmatch(bracket)
    return instead if instead and _is_name(instead["replaced"]) else None


def _is_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 4 or not words[-1][0].isupper():
        return False
    for word in words:
        folded = word.casefold().rstrip(".").replace("’", "'").split("'")[0]
        if folded in _NOT_NAMES and not (word[0].isupper() and len(words) > 1):
            return False
        if not word[0].isupper() and folded not in _PARTICLES:
            return False
    return True


def _comment(text, pos, starter, entries, unread) -> tuple[Entry | None, int]:
    """Read the comment after ``pos``: substitutes in brackets, and the next player after a
    full stop (returned, with where he ends). Other "Name mark" pieces go to ``unread``."""
    index = pos
    while index < len(text):
        if text[index] == "(":
            close = _closing(text, index)
            subs = _bracket(text[index + 1 : close], starter)
            if subs is not None:
                entries.extend(subs)
            index = close + 1
            continue
        boundary = _SENTENCE_RE.match(text, index) if index > pos else None
        if boundary and (found := _entry_at(text, boundary.end(), strict=True)):
            entry, end = found
            if entry.substitute:
                replaced = entry.replaced or starter
                entry = Entry(entry.name, entry.rating, entry.text, True, entry.minute, replaced)
            return entry, end
        piece = None if text[index - 1 : index].isalnum() else _ENTRY_RE.match(text, index)
        if piece and _is_name(piece["name"]) and _STRICT_END_RE.match(text, piece.end()):
            unread.append(piece[0])
            index = piece.end()
            continue
        index += 1
    return None, index


def _closing(text: str, index: int) -> int:
    depth = 0
    for position in range(index, len(text)):
        depth += (text[position] == "(") - (text[position] == ")")
        if depth == 0:
            return position
    return len(text)


def _bracket(content: str, starter: str) -> list[Entry] | None:
    """``dal 70' Elmas 5,5: comment`` or a chain ``61' Pavoletti sv, dal 76' Petagna sv``."""
    subs, pos, replaced = [], 0, starter
    while (found := _entry_at(content, pos, strict=True)) is not None:
        entry, end = found
        subs.append(Entry(entry.name, entry.rating, entry.text, True, entry.minute, replaced))
        replaced = entry.name
        following = _CHAIN_RE.search(content, end)
        if following is None:
            break
        pos = following.end()
    return subs or None


def _bracket_line(text: str) -> list[Entry] | None:
    """A line that is only a bracket of substitutes, under the line of the player replaced."""
    stripped = text.strip().rstrip(".")
    if stripped.startswith("(") and _closing(stripped, 0) == len(stripped) - 1:
        return _bracket(stripped[1:-1], "")
    return None
