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
  rated teams when its names match theirs, otherwise taken as written; without one, the
  headline's (``NAPOLI-JUVENTUS 1-0, LE PAGELLE``).
- A team header (``teams.team_header``) opens a pagelle block: each line that starts with a
  player is read by ``italian.read_line`` into that team, until the next header, ALL-CAPS
  heading or English team line. Inside it, a line that starts like a player but cannot be
  read is a problem, and any other line is a comment on the player above.
- Coaches, referees and the bench are skipped lines (``Skipped``), whatever the block.
- With no team found at all, the lines that start with a player (two or more) are read as
  one team with no name: a one-team article without a header.
"""

import re

from desk.report import italian, teams
from desk.report.english import (
    INLINE_SUBS_RE,
    Item,
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
from desk.report.names import (
    display_name,
    looks_like_name,
    match_name,
    normalize_name,
    same_team,
)
from desk.report.parsed import (
    STARTER,
    SUBSTITUTE,
    ParsedEvent,
    ParsedManOfTheMatch,
    ParsedReport,
    ParsedTeam,
    Problem,
    Skipped,
)

_RATINGS_HEADING_RE = re.compile(r"(?i)(?:player\s+)?ratings\s*:?")
_MOTM_RE = re.compile(
    r"(?i)(?:(?:man|player) of the match|motm|mvp|(?:il\s+)?migliore(?:\s+in\s+campo)?"
    r"|uomo\s+(?:partita|del\s+match))\s*[-–—:]\s*(?P<rest>.*\w.*)"
)


def parse(text: str) -> ParsedReport:
    lines = [raw.strip() for raw in text.splitlines()]
    report = _parse(lines, unnamed=False)
    if not report.teams:
        # A one-team article with no header at all: its players (two lines or more), as a
        # team with no name; the import places it in a match by the names.
        headerless = _parse(lines, unnamed=True)
        if headerless.teams and len({p.line for p in headerless.teams[0].players}) > 1:
            return headerless
    return report


def _parse(lines: list[str], *, unnamed: bool) -> ParsedReport:
    has_ratings_heading = any(_RATINGS_HEADING_RE.fullmatch(line) for line in lines)
    section = block = None  # block: the team whose pagelle are being read, or REFEREE
    subs_only = False  # under a "Subentrati" heading
    comment_due = False  # the line above was only a name and a mark: his comment may follow
    work, motms, events, problems, skipped, heading_scores = [], [], [], [], [], []
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        in_team = block is not None and block != teams.REFEREE
        due, comment_due = comment_due, False
        event = (LOOSE_EVENT_RE if section == "moments" else EVENT_RE).fullmatch(line)
        header = teams.team_header(line)
        if _RATINGS_HEADING_RE.fullmatch(line):
            section, block = "ratings", None
        elif MOMENTS_HEADING_RE.fullmatch(line):
            section, block = "moments", None
        elif motm := _MOTM_RE.fullmatch(line):
            motms.append((number, line, *_name_and_bracket(motm["rest"])))
        elif event:
            words = event["text"].strip()
            events.append(ParsedEvent(int(event[1]), event_kind(words), words, number))
        elif reason := teams.skip_reason(line):
            skipped.append(Skipped(number, line, teams.REASONS[reason]))
            if reason == teams.REFEREE and not re.search(r"\d", line):
                block = teams.REFEREE  # "PAGELLA ARBITRO": his mark follows
        elif found := teams.heading_score(line):
            heading_scores.append(found)
        elif header and (header[2] or _bare_header(line, lines, number)):
            block, subs_only = header[0], False
            work.append(("header", number, header[0], header[1]))
        elif block == teams.REFEREE and italian.starts_with_player(line):
            skipped.append(Skipped(number, line, teams.REASONS[teams.REFEREE]))
        elif in_team and teams.is_subs_heading(line):
            subs_only = True
        elif in_team and teams.is_role_heading(line):
            continue
        elif due and italian.reads_as_comment(line):
            comment_due = True  # "Rrahmani 7" then "Segna 2 gol ...": his comment, no player
        elif (in_team or (unnamed and block is None)) and italian.starts_with_player(line):
            if not in_team:
                block, subs_only = "", False
                work.append(("header", number, "", ""))
            work.append(("pagella", number, line, subs_only))
            comment_due = italian.is_bare(line)
        elif _is_heading(line):
            section, block = None, None
        elif in_team and _english_team_line(line):
            block = None  # an English team line after the pagelle: "Juventus: Szczesny 6, ..."
            if section == "ratings" or not has_ratings_heading:
                work.append(("english", number, line, section == "ratings"))
        elif in_team:
            comment_due = due  # a comment of several lines
            if italian.looks_like_a_player(line):
                message = "Could not read this line as a player and a mark."
                problems.append(Problem(number, line, message))
            # otherwise prose: a comment running on from the player above
        elif section == "ratings" or not has_ratings_heading:
            work.append(("english", number, line, section == "ratings"))

    scores = [found for event in events if (found := find_score(event.text))]
    known = {team for _, _, _, team in motms if team}
    known |= {side for found in scores + heading_scores for side in (found[0], found[3])}
    known |= {item[2] for item in work if item[0] == "header" and item[2]}
    known |= {
        team
        for kind, _, line, _ in work
        if kind == "english"
        and team_colon(strip_end(line)) is not None
        and (team := read_line(line, set())[0])
    }
    rated = _read_ratings(work, known, problems)
    if not rated:
        problems.append(Problem(0, "", "No player ratings found."))
    motm = _man_of_the_match(motms, rated, problems)
    score_line = scores[-1] if scores else heading_scores[0] if heading_scores else None
    score = oriented_score(score_line, rated) if score_line else None
    problems.sort(key=lambda problem: problem.line)
    return ParsedReport(tuple(rated), motm, score, tuple(events), tuple(problems), tuple(skipped))


def _bare_header(line: str, lines: list[str], number: int) -> bool:
    """A line with only a club's name is a header when a player follows it (past any role
    heading such as ``DIFESA``), and is not one itself (``Meret SV``) nor ends a sentence
    (a one-word comment: ``Attento.``)."""
    if italian.starts_with_player(line) or line[-1] in ".,;!?":
        return False
    for index in range(number, len(lines)):  # not lines[number:]: no copy per header
        following = lines[index]
        if following and not (teams.is_role_heading(following) or teams.is_subs_heading(following)):
            return italian.starts_with_player(following) or bool(teams.team_header(following))
    return False


def _english_team_line(line: str) -> bool:
    """``Juventus: Szczesny 6, Chiesa 7`` or ``Subs: Elmas 5``, not ``Leggi anche: Napoli, ...``."""
    if team_colon(strip_end(line)) is None:
        return False
    items = read_line(line, set())[1]
    rated = sum(read_item(text).rated for _, text in items)
    return bool(rated) and 2 * rated >= len(items)


def _is_heading(line: str) -> bool:
    """An ALL-CAPS line such as ``KEY STATS`` (no digits or brackets, so not a ratings line)."""
    return (
        line == line.upper()
        and bool(re.search(r"[^\W\d_]", line))
        and not re.search(r"[\d(),;|]", line)
        and len(line.split()) <= 6
    )


def _name_and_bracket(text: str) -> tuple[str, str | None]:
    """``"Alex Meret (Napoli)"`` -> ``("Alex Meret", "Napoli")``; ``"MERET"`` -> ``"Meret"``."""
    text = strip_end(text)
    match = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", text)
    if match and match[1]:
        return display_name(match[1]), match[2].strip() or None
    return display_name(text), None


def _read_ratings(work, known: set[str], problems: list[Problem]) -> list[ParsedTeam]:
    sheets: dict[str, TeamSheet] = {}
    current = None
    last_starter = None  # the player a substitute with no bracket replaced
    for kind, number, line, extra in work:
        if kind == "header":
            current = sheets.setdefault(normalize_name(line), TeamSheet(line))
            if extra:
                _read_pagella(current, number, extra, False, None, problems)
            continue
        if kind == "pagella":
            last_starter = _read_pagella(current, number, line, extra, last_starter, problems)
            continue
        strict = extra
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
            current = sheets.setdefault(normalize_name(team_name), TeamSheet(team_name))
        elif current is None:
            problems.append(Problem(number, line, "Substitutes listed before any team line."))
            continue
        for role, text, item in read:
            add_player(current, role, text, item, number, problems)
    return [ParsedTeam(t.name, tuple(t.starters + t.subs)) for t in sheets.values() if t.seen]


def _read_pagella(team, number, line, subs_only, last_starter, problems) -> str | None:
    """Add one pagelle line's players to ``team``; returns the last starter read."""
    if inline := INLINE_SUBS_RE.search(line):  # "Szczesny 6, ... Ronaldo 6. Subs: Alex Sandro 6"
        last_starter = _read_pagella(
            team, number, line[: inline.start()], subs_only, last_starter, problems
        )
        return _read_pagella(team, number, line[inline.end() :], True, last_starter, problems)
    read = italian.read_line(line)
    if read is None:
        problems.append(Problem(number, line, "Could not read this as players and marks."))
        return last_starter
    for entry in read.entries:
        substitute = entry.substitute or subs_only
        role = SUBSTITUTE if substitute else STARTER
        replaced = (entry.replaced or last_starter) if substitute else None
        item = Item(entry.name, entry.rating, [], None, True)
        add_player(team, role, entry.text, item, number, problems, entry.minute, replaced)
        if not substitute:
            last_starter = entry.name
    for piece in read.unread:
        message = (
            f"'{piece}' reads like a player and a mark inside a comment, so it was left out: "
            "put it on a line of its own, or after ';'."
        )
        problems.append(Problem(number, piece, message))
    return last_starter


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
