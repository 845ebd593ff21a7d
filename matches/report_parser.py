"""Read the player ratings, man of the match and key moments from a pasted match report.

Pure functions with plain results and no database: ``parse_report`` never raises, and
whatever it cannot read becomes a ``Problem`` with its line number instead of a guess.

Decisions on ambiguous input:

- With a ``PLAYER RATINGS`` (or ``RATINGS``) heading, in any case, ratings are read only
  from the lines after it up to the next ALL-CAPS heading, and a line there that cannot
  be read is a problem. Without that heading, a line counts when at least half of its
  items look like ``Name 7`` and it has two or more items (or is a substitutes line);
  other lines are prose and are skipped.
- A team line without a colon (``Tottenham Lloris (6), ...``) takes as team name a team
  named elsewhere in the text (a team line with a colon, a man of the match bracket, a
  score line) when the line starts with one; otherwise its first word. With a rating
  first (``Napoli 7 Meret | ...``) the team is every word before that rating.
- A ``Subs:`` line belongs to the team line above it. Each team lists its starters in
  written order, then its substitutes in written order, whether they came from a
  ``subs:`` list or from brackets such as ``Zielinski 5,5 (63' Elmas 5,5)``.
- Minutes with added time (``45+2'``) count as the base minute (45).
- The score is the last ``Home N-M Away`` in the key moments, turned into the order of the
  rated teams when its names match theirs, otherwise taken as written.
- The kind of a key moment comes from its headline (the text before the first ``!``,
  ``?``, ``:`` or ``.``) by the first match in ``_KINDS``: disallowed goal, goal, card,
  save, penalty, chance, else other.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

STARTER = "starter"
SUBSTITUTE = "substitute"

GOAL = "goal"
PENALTY = "penalty"
SAVE = "save"
DISALLOWED_GOAL = "disallowed_goal"
CHANCE = "chance"
CARD = "card"
OTHER = "other"


@dataclass(frozen=True)
class ParsedPlayer:
    name: str
    role: str
    rating: str
    value: Decimal | None
    line: int
    minute_on: int | None = None
    replaced: str | None = None


@dataclass(frozen=True)
class ParsedTeam:
    name: str
    players: tuple[ParsedPlayer, ...]


@dataclass(frozen=True)
class ParsedManOfTheMatch:
    name: str
    team: str | None
    player: str | None


@dataclass(frozen=True)
class ParsedEvent:
    minute: int
    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class Problem:
    line: int
    text: str
    message: str


@dataclass(frozen=True)
class ParsedReport:
    teams: tuple[ParsedTeam, ...]
    man_of_the_match: ParsedManOfTheMatch | None
    score: tuple[int, int] | None
    events: tuple[ParsedEvent, ...]
    problems: tuple[Problem, ...]

    def to_dict(self) -> dict:
        motm = self.man_of_the_match
        return {
            "teams": [
                {"name": team.name, "players": [_player_dict(p) for p in team.players]}
                for team in self.teams
            ],
            "man_of_the_match": None
            if motm is None
            else {"name": motm.name, "team": motm.team, "player": motm.player},
            "score": None if self.score is None else {"home": self.score[0], "away": self.score[1]},
            "events": [{"minute": e.minute, "kind": e.kind, "text": e.text} for e in self.events],
            "problems": [
                {"line": p.line, "text": p.text, "message": p.message} for p in self.problems
            ],
        }


def _player_dict(player: ParsedPlayer) -> dict:
    # Exactly the published JSON shape; the minute a substitute came on stays in ParsedPlayer.
    return {
        "name": player.name,
        "role": player.role,
        "rating": player.rating,
        "value": None if player.value is None else float(player.value),
    }


# --- Ratings -------------------------------------------------------------------------------

QUARTER = Decimal("0.25")
_NOT_RATED = {"na", "sv", "nv"}  # N/A, NA, s.v. (senza voto), n.v., compared without dots
_DASHES = {"-", "–", "—"}
_RATING_RE = re.compile(r"(\d+)(?:[.,](\d+))?([+-]?)(?:/10)?")
_RATING_TOKEN_RE = re.compile(r"(?i)\d+(?:[.,]\d+)?[+-]?(?:/10)?|n/?a|n\.a\.?|[sn]\.?v\.?|[-–—]")


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


# --- Names ---------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss"}
    | {"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "'": "", "’": "", "`": "", "´": ""}
)


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


def _ends_with(words: list[str], tail: list[str]) -> bool:
    return len(tail) <= len(words) and words[-len(tail) :] == tail


def _ratio(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()


# --- Report --------------------------------------------------------------------------------

_RATINGS_HEADING_RE = re.compile(r"(?i)(?:player\s+)?ratings\s*:?")
_MOMENTS_HEADING_RE = re.compile(r"(?i)key\s+moments\s*:?")
_MOTM_RE = re.compile(r"(?i)(?:(?:man|player) of the match|motm)\s*[-–—:]\s*(?P<rest>.*\w.*)")
_MINUTE = r"(\d{1,3})(?:\s*\+\s*\d{1,2})?"
_EVENT_RE = re.compile(_MINUTE + r"\s*['’′]\s*[-–—:]\s*(?P<text>.*[^\W\d_].*)")
# Inside a KEY MOMENTS section the apostrophe or the dash may be missing.
_LOOSE_EVENT_RE = re.compile(_MINUTE + r"\s*(?:['’′]\s*[-–—:]?|[-–—:])\s*(?P<text>.*[^\W\d_].*)")
_KINDS = (
    (DISALLOWED_GOAL, r"\bdisallowed\b|\bruled out\b|\bchalked off\b"),
    (GOAL, r"^(?:own[\s-]+)?goal\b(?!-)|\bscores\b"),
    (CARD, r"\bbooked\b|\bbooking\b|\byellow card\b|\bred card\b|\bsent off\b"),
    (SAVE, r"\bsaves?\b|\bsaved\b|\bto the rescue\b|\bdenies\b"),
    (PENALTY, r"\bpenalty\b"),
    (CHANCE, r"\bchances?\b"),
)
_SCORE_RE = re.compile(r"(?<![\w-])(\d{1,2}) ?[-–] ?(\d{1,2})(?![\w-])")


def parse_report(text: str) -> ParsedReport:
    """Read a whole report or just its ratings block; never raises."""
    try:
        return _parse(text)
    except Exception as exc:  # a safety net: the editor sees a problem, not a server error
        problem = Problem(0, "", f"Could not read the report ({exc}).")
        return ParsedReport((), None, None, (), (problem,))


def _parse(text: str) -> ParsedReport:
    lines = text.splitlines()
    has_ratings_heading = any(_RATINGS_HEADING_RE.fullmatch(line.strip()) for line in lines)
    section = None
    candidates, motms, events, problems = [], [], [], []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        event = (_LOOSE_EVENT_RE if section == "moments" else _EVENT_RE).fullmatch(line)
        if _RATINGS_HEADING_RE.fullmatch(line):
            section = "ratings"
        elif _MOMENTS_HEADING_RE.fullmatch(line):
            section = "moments"
        elif _is_heading(line):
            section = None
        elif motm := _MOTM_RE.fullmatch(line):
            motms.append((number, line, *_name_and_bracket(motm["rest"])))
        elif event:
            words = event["text"].strip()
            events.append(ParsedEvent(int(event[1]), _event_kind(words), words, number))
        elif section == "ratings" or not has_ratings_heading:
            candidates.append((number, line, section == "ratings"))

    scores = [found for event in events if (found := _find_score(event.text))]
    known = {team for _, _, _, team in motms if team}
    known |= {side for found in scores for side in (found[0], found[3])}
    known |= {
        team
        for _, line, _ in candidates
        if _team_colon(_strip_end(line)) is not None and (team := _read_line(line, set())[0])
    }
    teams = _read_ratings(candidates, known, problems)
    if not teams:
        problems.append(Problem(0, "", "No player ratings found."))
    motm = _man_of_the_match(motms, teams, problems)
    score = _oriented_score(scores[-1], teams) if scores else None
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


def _strip_end(text: str) -> str:
    """Drop trailing full stops (``Keita (n/a).``, ``Osimhen 6 ..``) but keep ``s.v.``."""
    stripped = re.sub(r"\s*\.+$", "", text.strip())
    if re.search(r"(?i)(?:^|\s)(?:[sn]\.v|n\.a)$", stripped):
        stripped += "."
    return stripped


def _name_and_bracket(text: str) -> tuple[str, str | None]:
    """``"Alex Meret (Napoli)"`` -> ``("Alex Meret", "Napoli")``."""
    text = _strip_end(text)
    match = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", text)
    if match and match[1]:
        return match[1], match[2].strip() or None
    return text, None


def _event_kind(text: str) -> str:
    headline = re.match(r"[^!?:.]*", text)[0] or text
    for kind, pattern in _KINDS:
        if re.search(pattern, headline, re.IGNORECASE):
            return kind
    return OTHER


def _find_score(text: str) -> tuple[str, int, int, str] | None:
    """``"GOAL! Napoli 1-0 Juventus (Insigne)"`` -> ``("Napoli", 1, 0, "Juventus")``.

    The team names are the runs of capitalised words right before and after the score.
    """
    for match in _SCORE_RE.finditer(text):
        before = []
        for token in reversed(text[: match.start()].split()[-4:]):
            if token[-1] in "!?:.,;)" or not (token[0].isupper() or token == "&"):
                break
            before.insert(0, token)
        after = []
        for token in text[match.end() :].split()[:4]:
            word = token.rstrip("!?:.,;")
            if not (word[:1].isupper() or word == "&"):
                break
            after.append(word)
            if word != token:
                break
        if before and after:
            return " ".join(before), int(match[1]), int(match[2]), " ".join(after)
    return None


def _oriented_score(found: tuple[str, int, int, str], teams: list[ParsedTeam]) -> tuple[int, int]:
    left, left_goals, right_goals, right = found
    if len(teams) >= 2:
        home, away = teams[0].name, teams[1].name
        swapped = (_same_team(left, away) and not _same_team(left, home)) or (
            _same_team(right, home) and not _same_team(right, away)
        )
        if swapped:
            return right_goals, left_goals
    return left_goals, right_goals


def _same_team(a: str, b: str) -> bool:
    a, b = f" {normalize_name(a)} ", f" {normalize_name(b)} "
    return a in b or b in a


# --- Ratings lines -------------------------------------------------------------------------

_SUBS_WORDS = {"subs", "substitutes", "substitutions"}
_INLINE_SUBS_RE = re.compile(r"(?i)(?:[.,;|]+\s*|\s+)(?:subs|substitutes|substitutions)\s*:\s*")
_TOKEN_RE = re.compile(r"\([^()]*(?:\([^()]*\)[^()]*)*\)|[^\s()]+|[()]")
_NAME_WORD_RE = re.compile(r"[^\W\d_][\w'’.\-]*")
_TAGS = {"c", "capt", "captain", "gk", "vc"}  # "Lloris (c) (6)": brackets that are not ratings


@dataclass
class _Item:
    name: str
    rating: str
    subs: list[str]
    error: str | None
    rated: bool  # shaped like "Name 7" or "7 Name", even when the rating itself is bad


@dataclass
class _Team:
    name: str
    starters: list[ParsedPlayer] = field(default_factory=list)
    subs: list[ParsedPlayer] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


def _read_ratings(candidates, known: set[str], problems: list[Problem]) -> list[ParsedTeam]:
    teams: dict[str, _Team] = {}
    current = None
    for number, line, strict in candidates:
        team_name, items = _read_line(line, known)
        read = [(role, text, _read_item(text)) for role, text in items]
        looks = sum(item.rated and (strict or _looks_like_name(item.name)) for _, _, item in read)
        # Outside a ratings section a lone "Word 3" without a colon is more likely prose.
        single_ok = strict or team_name is None or _team_colon(_strip_end(line)) is not None
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
            current = teams.setdefault(normalize_name(team_name), _Team(team_name))
        elif current is None:
            problems.append(Problem(number, line, "Substitutes listed before any team line."))
            continue
        for role, text, item in read:
            _add_player(current, role, text, item, number, problems)
    return [ParsedTeam(t.name, tuple(t.starters + t.subs)) for t in teams.values() if t.seen]


def _read_line(line: str, known: set[str]) -> tuple[str | None, list[tuple[str, str]]]:
    """Split a ratings line into its team name and its (role, item text) pairs.

    The team name is None for a substitutes line (``Subs: ...``) and "" when none is found.
    """
    line = _strip_end(line)
    role = STARTER
    colon = _team_colon(line)
    if colon is not None:
        team, body = re.sub(r"\s*\([^()]*\)$", "", line[:colon].strip()), line[colon + 1 :]
        words = team.split()  # "Napoli (4-3-3): ..." drops the formation
        if words[-1].casefold() in _SUBS_WORDS:  # "Subs: ..." or "Napoli subs: ..."
            team, role = " ".join(words[:-1]) or None, SUBSTITUTE
    elif line.split()[:1] and line.split()[0].casefold() in _SUBS_WORDS:  # "Subs Winks (6)"
        team, body, role = None, line.split(None, 1)[-1], SUBSTITUTE
    else:
        team, body = _split_colonless(line, known)
    starters, subs = body, ""
    if inline := _INLINE_SUBS_RE.search(body):  # "... Osimhen 6.. subs: Ruiz 5, ..."
        starters, subs = body[: inline.start()], body[inline.end() :]
    items = [(role, text) for text in _split_items(starters)]
    return team, items + [(SUBSTITUTE, text) for text in _split_items(subs)]


def _team_colon(line: str) -> int | None:
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

    See the module docstring for the rule; the team is "" when no word is left for it.
    """
    tokens = line.split()
    lead = []
    for token in tokens:
        if not _NAME_WORD_RE.fullmatch(token) or _is_rating_token(token):
            break
        lead.append(token)
    after = tokens[len(lead) : len(lead) + 2]
    if len(after) == 2 and _is_rating_token(after[0]) and _NAME_WORD_RE.fullmatch(after[1]):
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


def _split_items(text: str) -> list[str]:
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
    return [item for item in map(_strip_end, items) if item]


def _is_rating_token(token: str) -> bool:
    return bool(_RATING_TOKEN_RE.fullmatch(_unbracket(token)))


def _is_bracket(token: str) -> bool:
    return len(token) > 1 and token[0] == "(" and token[-1] == ")"


def _unbracket(token: str) -> str:
    return token[1:-1].strip() if _is_bracket(token) else token


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= 4 and words[-1][0].isupper()


def _read_item(text: str) -> _Item:
    """Read ``Name 7``, ``Name (7)`` or ``7 Name``, with any ``(63' Sub 6)`` brackets after."""
    tokens = [
        t
        for t in _TOKEN_RE.findall(text)
        if not (_is_bracket(t) and _unbracket(t).casefold() in _TAGS)
    ]
    subs = []
    while tokens and _is_bracket(tokens[-1]) and not _is_rating_token(tokens[-1]):
        subs.insert(0, _unbracket(tokens.pop()))
    shape = "".join("R" if _is_rating_token(t) else "W" for t in tokens)
    ratings = [_unbracket(t) for t in tokens if _is_rating_token(t)]
    words = [t for t in tokens if not _is_rating_token(t)]
    name = " ".join(words)
    plain = all(_NAME_WORD_RE.fullmatch(word) for word in words)
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
    return _Item(name, ratings[0] if ratings else "", subs, error, rated)


def _add_player(team, role, text, item, number, problems, minute=None, replaced=None) -> None:
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
        for part in _split_items(bracket):
            minute_on, rest = _split_minute(part)
            sub = _read_item(rest)
            _add_player(team, SUBSTITUTE, part, sub, number, problems, minute_on, item.name or None)


def _split_minute(text: str) -> tuple[int | None, str]:
    """``"63' Elmas 5,5"``, ``"63 Elmas 5,5"`` or ``"Elmas 5,5 63'"`` -> ``(63, "Elmas 5,5")``."""
    tokens = text.split()
    if len(tokens) > 1 and (match := re.fullmatch(r"(\d{1,3})(?:\+\d{1,2})?['’′]?", tokens[0])):
        return int(match[1]), text.split(None, 1)[1]
    if len(tokens) > 1 and (match := re.fullmatch(r"(\d{1,3})(?:\+\d{1,2})?['’′]", tokens[-1])):
        return int(match[1]), text.rsplit(None, 1)[0]
    return None, text


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
        keys = [key for key in keys if _same_team(key[0], team)] or keys
    if len(keys) == 1:
        return ParsedManOfTheMatch(name, team or keys[0][0], players[keys[0]])
    if keys:
        listed = ", ".join(f"{players[key]} ({key[0]})" for key in keys)
        message = f"Man of the match {name} matches more than one rated player: {listed}."
    else:
        message = f"Man of the match {name} is not among the rated players."
    problems.append(Problem(number, line, message))
    return ParsedManOfTheMatch(name, team, None)
