"""Finding teams and the lines that are not players: team headers, coaches, referees, the bench.

Team headers (Italian pagelle): a line with only the club's name (when a player follows it),
``– NAPOLI –``, ``PAGELLE NAPOLI``, ``Le pagelle del Napoli``, ``NAPOLI (4-3-3)`` and
``NAPOLI (4-3-3): Meret 8, ...`` (a formation is never a score).
"""

import re

from desk.report import italian
from desk.report.names import normalize_name

COACH = "coach"
REFEREE = "referee"
BENCH = "bench"
REASONS = {COACH: "Coach, not a player.", REFEREE: "Referee, not a player."}
REASONS[BENCH] = "Bench: players who did not play."

_DECORATION = "-–—=*#•·_~|>"
_FORMATION_RE = re.compile(r"\(\s*\d(?:\s*[-–]\s*\d){2,4}\s*\)|(?<=\s)\d(?:-\d){2,4}(?=:|\s|$)")
_TEAM_WORD = r"[^\W\d_](?:[^\W\d_]|['’.&])*"
_TEAM_RE = re.compile(rf"{_TEAM_WORD}(?:\s+{_TEAM_WORD}){{0,3}}")
_TEAM_PARTICLES = {"de", "di", "del", "da", "la", "le", "of", "and", "&"}
_PAGELLE_RE = re.compile(
    r"(?i)(?:(?:le|i)\s+)?(?:pagelle|voti)\s*(?:(?:del|della|dello|dei|degli|di|per\s+il|per\s+la)\s+"
    r"|dell['’]\s*|:\s*)?(?P<team>.+)"
)
# Headings inside a team's block that name no team: ignored, or the substitutes follow.
_ROLE_HEADINGS = {"portiere", "portieri", "difesa", "difensori", "centrocampo", "attacco"}
_ROLE_HEADINGS |= {"centrocampisti", "attaccanti", "titolari", "i titolari", "pagelle"}
_ROLE_HEADINGS |= {"le pagelle", "voti", "i voti"}
_INTERRUPTIONS = {"leggi anche", "leggi", "guarda anche", "vedi anche", "potrebbe interessarti"}
_INTERRUPTIONS |= {"articoli correlati", "correlati", "pubblicita", "read more", "related"}
_NOT_TEAMS = {"match", "partita", "gara", "derby", "big match", "sfida", "serata", "giornata"}
SUBS_HEADINGS = {"subentrati", "i subentrati", "sostituti", "i sostituti", "entrati"}
SUBS_HEADINGS |= {"subs", "substitutes"}

# A coach or a referee: the word, then a colon, or his name and mark ("All. Gattuso 7",
# "ARBITRO DOVERI 7"); so prose that starts with "All in all" or "Referee Oliver said" is no
# skipped line. "PAGELLA ARBITRO" alone is a heading: the referee's mark follows.
_COACH_RE = re.compile(
    r"(?i)(?P<dotted>all\.)\s*|(?:all|allenatore|mister|tecnico|manager|head\s+coach|coach)\b"
    r"\s*(?P<colon>:)?\s*"
)
_COACH_TAG_RE = re.compile(r"(?i).*\((?:all|all\.|allenatore|coach|manager)\)")
_REFEREE_RE = re.compile(
    r"(?i)(?:l['’]\s*)?(?:arbitro|referee|assistenti|guardalinee|var|avar|quarto\s+uomo)\b"
    r"\s*(?P<colon>:)?\s*"
)
_REFEREE_HEADING_RE = re.compile(r"(?i)(?:la\s+)?(?:pagella|voto)\s+(?:dell['’]\s*)?arbitro\b.*")
_BENCH_RE = re.compile(
    r"(?i)(?:in\s+panchina|panchina|a\s+disposizione|non\s+entrati|unused\s+subs(?:titutes)?"
    r"|bench)\s*[:.-]"
)
_HEADING_SCORE_RE = re.compile(
    rf"(?P<home>{_TEAM_WORD}(?:\s+{_TEAM_WORD}){{0,2}})\s*[-–]\s*"
    rf"(?P<away>{_TEAM_WORD}(?:\s+{_TEAM_WORD}){{0,2}})\s+(?P<h>\d{{1,2}})\s*[-–]\s*(?P<a>\d{{1,2}})"
    r"(?!\d)"
)
_HEADING_SCORE_BETWEEN_RE = re.compile(
    rf"(?P<home>{_TEAM_WORD}(?:\s+{_TEAM_WORD}){{0,2}})\s+(?P<h>\d{{1,2}})\s*[-–]\s*(?P<a>\d{{1,2}})"
    rf"\s+(?P<away>{_TEAM_WORD}(?:\s+{_TEAM_WORD}){{0,2}})(?=$|[\s,:;.!])"
)


def skip_reason(line: str) -> str | None:
    """Why a line is left out on purpose (a coach, a referee, the bench), or None."""
    if _BENCH_RE.match(line):
        return BENCH
    coach = _COACH_RE.match(line)
    if coach and (coach["dotted"] or coach["colon"] or _names_a_player(line, coach.end())):
        return COACH
    if _COACH_TAG_RE.match(line):
        return COACH
    if _REFEREE_HEADING_RE.fullmatch(line):
        return REFEREE
    referee = _REFEREE_RE.match(line)
    if referee and (referee["colon"] or _names_a_player(line, referee.end())):
        return REFEREE
    if referee and referee.end() == len(line):  # "ARBITRO" alone: a heading
        return REFEREE
    return None


def _names_a_player(line: str, start: int) -> bool:
    return italian.starts_with_player(line[start:])


def team_header(line: str) -> tuple[str, str, bool] | None:
    """``(team, players on the same line, sure)`` for a header line, else None.

    ``sure`` is False for a bare name, which is a header only when a player follows it.
    """
    stripped = line.strip().strip(_DECORATION).strip()
    decorated = stripped != line.strip()
    if formation := _FORMATION_RE.search(stripped):
        name = stripped[: formation.start()].strip().strip(_DECORATION).strip()
        rest = stripped[formation.end() :].strip().removeprefix(":").strip()
        team = _team_name(name)
        return (team, rest, True) if team else None
    stripped = stripped.removesuffix(":").strip()
    if pagelle := _PAGELLE_RE.fullmatch(stripped):
        team = _team_name(pagelle["team"])
        return (team, "", True) if team else None
    team = _team_name(stripped)
    return (team, "", decorated) if team else None


def heading_score(line: str) -> tuple[str, int, int, str] | None:
    """``"NAPOLI-JUVENTUS 1-0, LE PAGELLE"`` or ``"Napoli 1-0 Juventus: le pagelle"`` ->
    ``("NAPOLI", 1, 0, "JUVENTUS")``: a headline that starts with the two teams and the score."""
    found = _HEADING_SCORE_RE.match(line.strip()) or _HEADING_SCORE_BETWEEN_RE.match(line.strip())
    if not found or not all(_team_name(found[side]) for side in ("home", "away")):
        return None  # "Napoli beat Juventus 1-0 in Naples" is prose, not a headline
    return found["home"], int(found["h"]), int(found["a"]), found["away"]


def is_subs_heading(line: str) -> bool:
    return normalize_name(line.strip(_DECORATION + ": ")) in SUBS_HEADINGS


def is_role_heading(line: str) -> bool:
    """``DIFESA``, or a link box dropped between the players (``LEGGI ANCHE``): the block goes on."""
    return normalize_name(line.strip(_DECORATION + ": ")) in _ROLE_HEADINGS | _INTERRUPTIONS


def _team_name(text: str) -> str | None:
    text = text.strip()
    if not _TEAM_RE.fullmatch(text):
        return None
    words = text.split()
    if not words[0][0].isupper() or not all(w[0].isupper() or w in _TEAM_PARTICLES for w in words):
        return None
    folded = normalize_name(text)
    if folded in _ROLE_HEADINGS | SUBS_HEADINGS | _NOT_TEAMS | _INTERRUPTIONS:
        return None
    # Capitals read as a name, but short ones stay: "PSG", "AC MILAN" -> "AC Milan".
    return " ".join(w.title() if w.isupper() and len(w) > 3 else w for w in text.split())
