"""Finding the blocks of a report (ratings, key moments, man of the match) and its teams.

Decisions on ambiguous input:

- With a ``PLAYER RATINGS`` (or ``RATINGS``) heading, in any case, ratings are read only
  from the lines after it up to the next ALL-CAPS heading, and a line there that cannot
  be read is a problem. Without that heading, a line counts when at least half of its
  items look like ``Name 7`` and it has two or more items (or is a substitutes line);
  other lines are prose and are skipped.
- A ``Subs:`` line belongs to the team line above it. Each team lists its starters in
  written order, then its substitutes in written order, whether they came from a
  ``subs:`` list or from brackets such as ``Zielinski 5,5 (63' Elmas 5,5)``.
- Minutes with added time (``45+2'``) count as the base minute (45).
- The score is the last ``Home N-M Away`` in the key moments, turned into the order of the
  rated teams when its names match theirs, otherwise taken as written.
"""

import re

from desk.report.english import (
    TeamSheet,
    add_player,
    read_item,
    read_line,
    strip_end,
    team_colon,
)
from desk.report.events import (
    EVENT_RE,
    LOOSE_EVENT_RE,
    MOMENTS_HEADING_RE,
    event_kind,
    find_score,
    oriented_score,
)
from desk.report.names import looks_like_name, match_name, normalize_name, same_team
from desk.report.parsed import (
    ParsedEvent,
    ParsedManOfTheMatch,
    ParsedReport,
    ParsedTeam,
    Problem,
)

_RATINGS_HEADING_RE = re.compile(r"(?i)(?:player\s+)?ratings\s*:?")
_MOTM_RE = re.compile(r"(?i)(?:(?:man|player) of the match|motm)\s*[-–—:]\s*(?P<rest>.*\w.*)")


def parse(text: str) -> ParsedReport:
    lines = text.splitlines()
    has_ratings_heading = any(_RATINGS_HEADING_RE.fullmatch(line.strip()) for line in lines)
    section = None
    candidates, motms, events, problems = [], [], [], []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        event = (LOOSE_EVENT_RE if section == "moments" else EVENT_RE).fullmatch(line)
        if _RATINGS_HEADING_RE.fullmatch(line):
            section = "ratings"
        elif MOMENTS_HEADING_RE.fullmatch(line):
            section = "moments"
        elif _is_heading(line):
            section = None
        elif motm := _MOTM_RE.fullmatch(line):
            motms.append((number, line, *_name_and_bracket(motm["rest"])))
        elif event:
            words = event["text"].strip()
            events.append(ParsedEvent(int(event[1]), event_kind(words), words, number))
        elif section == "ratings" or not has_ratings_heading:
            candidates.append((number, line, section == "ratings"))

    scores = [found for event in events if (found := find_score(event.text))]
    known = {team for _, _, _, team in motms if team}
    known |= {side for found in scores for side in (found[0], found[3])}
    known |= {
        team
        for _, line, _ in candidates
        if team_colon(strip_end(line)) is not None and (team := read_line(line, set())[0])
    }
    teams = _read_ratings(candidates, known, problems)
    if not teams:
        problems.append(Problem(0, "", "No player ratings found."))
    motm = _man_of_the_match(motms, teams, problems)
    score = oriented_score(scores[-1], teams) if scores else None
    problems.sort(key=lambda problem: problem.line)
    return ParsedReport(tuple(teams), motm, score, tuple(events), tuple(problems))


def _is_heading(line: str) -> bool:
    """An ALL-CAPS line such as ``KEY STATS`` (no digits or brackets, so not a ratings line)."""
    return (
        line == line.upper()
        and bool(re.search(r"[^\W\d_]", line))
        and not re.search(r"[\d(),;|]", line)
        and len(line.split()) <= 6
    )


def _name_and_bracket(text: str) -> tuple[str, str | None]:
    """``"Alex Meret (Napoli)"`` -> ``("Alex Meret", "Napoli")``."""
    text = strip_end(text)
    match = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", text)
    if match and match[1]:
        return match[1], match[2].strip() or None
    return text, None


def _read_ratings(candidates, known: set[str], problems: list[Problem]) -> list[ParsedTeam]:
    teams: dict[str, TeamSheet] = {}
    current = None
    for number, line, strict in candidates:
        team_name, items = read_line(line, known)
        read = [(role, text, read_item(text)) for role, text in items]
        looks = sum(item.rated and (strict or looks_like_name(item.name)) for _, _, item in read)
        # Outside a ratings section a lone "Word 3" without a colon is more likely prose.
        single_ok = strict or team_name is None or team_colon(strip_end(line)) is not None
        if not (looks and 2 * looks >= len(read) and (single_ok or len(read) > 1)):
            if strict:
                problems.append(
                    Problem(number, line, "Could not read this line as player ratings.")
                )
            continue
        if team_name == "":
            message = "No team name before the players; write it as 'Team: Player 7, ...'."
            problems.append(Problem(number, line, message))
            current = None  # so a "Subs:" line below is not pinned on the team above
            continue
        if team_name is not None:
            current = teams.setdefault(normalize_name(team_name), TeamSheet(team_name))
        elif current is None:
            problems.append(Problem(number, line, "Substitutes listed before any team line."))
            continue
        for role, text, item in read:
            add_player(current, role, text, item, number, problems)
    return [ParsedTeam(t.name, tuple(t.starters + t.subs)) for t in teams.values() if t.seen]


def _man_of_the_match(motms, teams: list[ParsedTeam], problems) -> ParsedManOfTheMatch | None:
    if not motms:
        return None
    number, line, name, team = motms[0]
    for extra_number, extra_line, *_ in motms[1:]:
        message = "More than one man of the match line; the first one is used."
        problems.append(Problem(extra_number, extra_line, message))
    if not teams:
        return ParsedManOfTheMatch(name, team, None)
    players = {(t.name, i): p.name for t in teams for i, p in enumerate(t.players)}
    keys = match_name(name, players)
    if len(keys) > 1 and team:
        keys = [key for key in keys if same_team(key[0], team)] or keys
    if len(keys) == 1:
        return ParsedManOfTheMatch(name, team or keys[0][0], players[keys[0]])
    if keys:
        listed = ", ".join(f"{players[key]} ({key[0]})" for key in keys)
        message = f"Man of the match {name} matches more than one rated player: {listed}."
    else:
        message = f"Man of the match {name} is not among the rated players."
    problems.append(Problem(number, line, message))
    return ParsedManOfTheMatch(name, team, None)
