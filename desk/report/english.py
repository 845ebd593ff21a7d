"""The English forms: ``Napoli: Meret 8, Di Lorenzo 6.5 (63' Elmas 5,5); Subs: ...``.

A ratings line is a team name (before a colon, or the first words without one), then
items separated by ``,``, ``;`` or ``|``; an item is ``Name 7``, ``Name (7)`` or ``7 Name``,
with any bracketed substitutes after it.
"""

import re
from dataclasses import dataclass, field

from desk.report.marks import is_bracket, is_rating_token, parse_rating, unbracket
from desk.report.names import NAME_WORD_RE, normalize_name, split_minute
from desk.report.parsed import STARTER, SUBSTITUTE, ParsedPlayer, Problem

SUBS_WORDS = {"subs", "substitutes", "substitutions"}
INLINE_SUBS_RE = re.compile(r"(?i)(?:[.,;|]+\s*|\s+)(?:subs|substitutes|substitutions)\s*:\s*")
_TOKEN_RE = re.compile(r"\([^()]*(?:\([^()]*\)[^()]*)*\)|[^\s()]+|[()]")
_TAGS = {"c", "capt", "captain", "gk", "vc"}  # "Lloris (c) (6)": brackets that are not ratings


@dataclass
class Item:
    name: str
    rating: str
    subs: list[str]
    error: str | None
    rated: bool  # shaped like "Name 7" or "7 Name", even when the rating itself is bad


@dataclass
class TeamSheet:
    """One team's players as they are read: starters, then substitutes, in written order."""

    name: str
    starters: list[ParsedPlayer] = field(default_factory=list)
    subs: list[ParsedPlayer] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


def strip_end(text: str) -> str:
    """Drop trailing full stops (``Keita (n/a).``, ``Osimhen 6 ..``) but keep ``s.v.``."""
    stripped = re.sub(r"\s*\.+$", "", text.strip())
    if re.search(r"(?i)(?:^|\s)(?:[sn]\.v|n\.a)$", stripped):
        stripped += "."
    return stripped


def read_line(line: str, known: set[str]) -> tuple[str | None, list[tuple[str, str]]]:
    """Split a ratings line into its team name and its (role, item text) pairs.

    The team name is None for a substitutes line (``Subs: ...``) and "" when none is found.
    """
    line = strip_end(line)
    role = STARTER
    colon = team_colon(line)
    if colon is not None:
        team, body = re.sub(r"\s*\([^()]*\)$", "", line[:colon].strip()), line[colon + 1 :]
        words = team.split()  # "Napoli (4-3-3): ..." drops the formation
        if words[-1].casefold() in SUBS_WORDS:  # "Subs: ..." or "Napoli subs: ..."
            team, role = " ".join(words[:-1]) or None, SUBSTITUTE
    elif line.split()[:1] and line.split()[0].casefold() in SUBS_WORDS:  # "Subs Winks (6)"
        team, body, role = None, line.split(None, 1)[-1], SUBSTITUTE
    else:
        team, body = _split_colonless(line, known)
    starters, subs = body, ""
    if inline := INLINE_SUBS_RE.search(body):  # "... Osimhen 6.. subs: Ruiz 5, ..."
        starters, subs = body[: inline.start()], body[inline.end() :]
    items = [(role, text) for text in split_items(starters)]
    return team, items + [(SUBSTITUTE, text) for text in split_items(subs)]


def team_colon(line: str) -> int | None:
    """Where the colon after a team name is: first colon outside brackets, short prefix."""
    depth = 0
    for index, char in enumerate(line):
        depth += (char == "(") - (char == ")")
        if char == ":" and depth == 0:
            prefix = re.sub(r"\([^()]*\)", "", line[:index])
            plain = re.search(r"[^\W\d_]", prefix) and not re.search(r"\d", prefix)
            return index if plain and len(prefix.split()) <= 5 else None
    return None


def _split_colonless(line: str, known: set[str]) -> tuple[str, str]:
    """``"Tottenham Lloris (6), ..."`` -> ``("Tottenham", "Lloris (6), ...")``.

    The team is a team named elsewhere in the text when the line starts with one, otherwise
    its first word; with a rating first (``Napoli 7 Meret | ...``) every word before that
    rating. It is "" when no word is left for it.
    """
    tokens = line.split()
    lead = []
    for token in tokens:
        if not NAME_WORD_RE.fullmatch(token) or is_rating_token(token):
            break
        lead.append(token)
    after = tokens[len(lead) : len(lead) + 2]
    if len(after) == 2 and is_rating_token(after[0]) and NAME_WORD_RE.fullmatch(after[1]):
        size = len(lead)  # "Napoli 7 Meret | 6 Di Lorenzo"
    else:
        size = 1 if len(lead) > 1 else 0
        for name in sorted(known, key=lambda name: -len(name.split())):
            words = len(name.split())
            if len(lead) > words and normalize_name(" ".join(lead[:words])) == normalize_name(name):
                size = words
                break
    if not size:
        return "", line
    return " ".join(tokens[:size]), line.split(None, size)[size]


def split_items(text: str) -> list[str]:
    """Split on ``,``, ``;`` and ``|`` outside brackets; a comma between digits is decimal."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth = depth + 1 if char == "(" else max(depth - (char == ")"), 0)
        decimal = (
            char == ","
            and text[index - 1 : index].isdigit()
            and text[index + 1 : index + 2].isdigit()
        )
        if depth == 0 and char in ",;|" and not decimal:
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    return [item for item in map(strip_end, items) if item]


def read_item(text: str) -> Item:
    """Read ``Name 7``, ``Name (7)`` or ``7 Name``, with any ``(63' Sub 6)`` brackets after."""
    tokens = [
        t
        for t in _TOKEN_RE.findall(text)
        if not (is_bracket(t) and unbracket(t).casefold() in _TAGS)
    ]
    subs = []
    while tokens and is_bracket(tokens[-1]) and not is_rating_token(tokens[-1]):
        subs.insert(0, unbracket(tokens.pop()))
    shape = "".join("R" if is_rating_token(t) else "W" for t in tokens)
    ratings = [unbracket(t) for t in tokens if is_rating_token(t)]
    words = [t for t in tokens if not is_rating_token(t)]
    name = " ".join(words)
    plain = all(NAME_WORD_RE.fullmatch(word) for word in words)
    error = None
    if not plain:
        error = f"Could not read '{text}' as a player and a rating."
    elif re.fullmatch(r"W+RR+", shape):
        error = f"{name} has more than one rating: {' '.join(ratings)}."
    elif re.fullmatch(r"W+", shape):
        error = f"No rating for {name}."
    elif re.fullmatch(r"R+", shape):
        error = f"Rating {' '.join(ratings)} has no player name."
    elif not re.fullmatch(r"W+R|RW+", shape):
        error = f"Could not read '{text}' as a player and a rating."
    rated = plain and bool(re.fullmatch(r"W+R+|RW+", shape))
    return Item(name, ratings[0] if ratings else "", subs, error, rated)


def add_player(team, role, text, item, number, problems, minute=None, replaced=None) -> None:
    """Add one read item (and the substitutes bracketed after it) to ``team``."""
    value, error = None, item.error
    if error is None:
        try:
            value = parse_rating(item.rating)
        except ValueError as exc:
            error = str(exc)
    if error is None and normalize_name(item.name) in team.seen:
        error = f"{item.name} is listed twice for {team.name}."
    if error is not None:
        problems.append(Problem(number, text, error))
    else:
        team.seen.add(normalize_name(item.name))
        player = ParsedPlayer(item.name, role, item.rating, value, number, minute, replaced)
        (team.starters if role == STARTER else team.subs).append(player)
    for bracket in item.subs:
        for part in split_items(bracket):
            minute_on, rest = split_minute(part)
            sub = read_item(rest)
            add_player(team, SUBSTITUTE, part, sub, number, problems, minute_on, item.name or None)
