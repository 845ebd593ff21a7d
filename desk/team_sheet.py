"""The team sheet: both line-ups, the editor's ratings, the man of the match, the score and the
key moments of one match, entered on one admin page and saved once.

Decisions:

- Two tables, home first. A row's team is its table's and its order is its place in the
  table, so neither is ever typed. Each table opens with 11 starter rows and 5 substitute
  rows; "More rows" adds three substitute rows (a plain submit, so it works without JS).
- A name is matched with the import's ``match_name`` among that team's players and whoever
  already plays for that team in this match: accents, case and spacing do not matter, and a
  surname alone is enough when it is unique. A name that matches nobody is a new player of
  that team, created only once the editor ticks "new player" on the row.
- A player who is on the sheet no longer (his name cleared) leaves the line-up, unless fans
  have rated him: the sheet then refuses, naming him, like the hardening rule on the admin.
- Errors name the row and the player ("Napoli substitute 2 (Elmas): minute on must be
  between 1 and 150") and nothing is saved until every row reads.
- "Paste ratings" reads a ratings block with the report parser and fills the tables, the
  man of the match and the key moments for review; nothing is saved until "Save".
- Saving is one transaction with a fixed number of queries however many rows there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from desk.report import match_name, parse_report
from desk.team_sheet_forms import (
    EVENT_ROWS,
    MAX_ROWS,
    MORE_ROWS,
    SECTIONS,
    SIDES,
    STARTER,
    STARTER_ROWS,
    SUBSTITUTE,
    SUBSTITUTE_ROWS,
    EventForm,
    EventFormSet,
    MatchDetailsForm,
    RowForm,
    RowFormSet,
    StarterFormSet,
    SubstituteFormSet,
)
from matches.models import Appearance, Match, MatchEvent, Player, Team
from ratings.models import EditorRating, FanRating

# --- The sheet ------------------------------------------------------------------------------


@dataclass
class Side:
    team: Team
    where: str  # "home" or "away": the form prefix
    starters: RowFormSet
    substitutes: RowFormSet
    squad: list[Player]  # the players the name box suggests, by name

    @property
    def rows(self) -> list[RowForm]:
        return [*self.starters.forms, *self.substitutes.forms]

    @property
    def formsets(self) -> list[RowFormSet]:
        return [self.starters, self.substitutes]


class TeamSheet:
    """The whole page's forms for one match, bound to a POST or filled from the database."""

    def __init__(self, match: Match, data=None, initial: dict | None = None):
        self.match = match
        self.appearances = list(
            match.team_sheet()
            .select_related("player__team", "editor_rating")
            .annotate(fan_votes=Exists(FanRating.objects.filter(appearance=OuterRef("pk"))))
        )
        players = Player.objects.filter(team__in=[match.home_team_id, match.away_team_id])
        self.pools: dict[int, dict[int, Player]] = {
            match.home_team_id: {},
            match.away_team_id: {},
        }
        for player in players.select_related("team"):
            self.pools[player.team_id][player.pk] = player
        for appearance in self.appearances:
            self.pools[appearance.team_id][appearance.player_id] = appearance.player
        if initial is None:
            initial = _padded(_blank()) if data is not None else self._initial()
        self.details = MatchDetailsForm(
            data, match=match, initial=initial["details"], prefix="details"
        )
        self.sides = [
            self._side(match.home_team, "home", data, initial),
            self._side(match.away_team, "away", data, initial),
        ]
        self.events = EventFormSet(data, prefix="events", initial=initial["events"])

    def _side(self, team: Team, where: str, data, initial: dict) -> Side:
        squad = sorted(self.pools[team.pk].values(), key=lambda player: player.name)
        return Side(
            team,
            where,
            StarterFormSet(
                data,
                prefix=f"{where}-starters",
                initial=initial[f"{where}-starters"],
                side=team,
                role=STARTER,
            ),
            SubstituteFormSet(
                data,
                prefix=f"{where}-substitutes",
                initial=initial[f"{where}-substitutes"],
                side=team,
                role=SUBSTITUTE,
            ),
            squad,
        )

    def _initial(self) -> dict:
        match = self.match
        rows = _blank()
        motm = ""
        for appearance in self.appearances:
            where = "home" if appearance.team_id == match.home_team_id else "away"
            section = "starters" if appearance.role == STARTER else "substitutes"
            key = f"{where}-{section}"
            if appearance.pk == match.man_of_the_match_id:
                motm = f"{key}-{len(rows[key])}"
            rows[key].append(
                {
                    "name": appearance.player.name,
                    "rating": _written(appearance),
                    "minute_on": appearance.minute_on,
                }
            )
        details = {
            "home_score": match.home_score,
            "away_score": match.away_score,
            "rating_opens_at": match.rating_opens_at,
            "rating_closes_at": match.rating_closes_at,
            "man_of_the_match": motm,
        }
        events = [
            {"minute": event.minute, "kind": event.kind, "description": event.description}
            for event in match.events.all()
        ]
        return _padded({**rows, "details": details, "events": events})

    @property
    def rows(self) -> list[RowForm]:
        return [row for side in self.sides for row in side.rows]

    @property
    def formsets(self) -> list[forms.BaseFormSet]:
        return [formset for side in self.sides for formset in side.formsets] + [self.events]

    def is_valid(self) -> bool:
        # Every form is checked, not just up to the first failure: the page lists every error.
        checked = [self.details.is_valid()] + [formset.is_valid() for formset in self.formsets]
        if not all(checked):
            return False
        self._match_names()
        self._check_man_of_the_match()
        self._check_line_up_rules()
        return not self.errors

    @property
    def errors(self) -> list[tuple[str, str]]:
        """Every message on the page as (the id of the box to fix, the message)."""
        found = []
        for form in [self.details, *self.rows, *self.events.forms]:
            for name, messages_ in form.errors.items():
                target = form[name].auto_id if name in form.fields else ""
                found += [(target, message) for message in messages_]
        for formset in self.formsets:
            found += [("", message) for message in formset.non_form_errors()]
        return found

    def offer_new_players(self) -> None:
        """On a sheet filled from a pasted block: show "new player" on each row whose name
        matches nobody in its team, so the editor can confirm before the one save."""
        for row in self.rows:
            name = (row.initial.get("name") or "").strip()
            pool = self.pools[row.side.pk]
            if name and not match_name(name, {pk: p.name for pk, p in pool.items()}):
                row.needs_confirmation = True

    def _match_names(self) -> None:
        """Find each row's player in his team's pool; a name seen twice is an error."""
        seen: dict[int, RowForm] = {}
        for row in self.rows:
            if row.is_blank:
                continue
            name = row.cleaned_data["name"]
            pool = self.pools[row.side.pk]
            keys = match_name(name, {pk: player.name for pk, player in pool.items()})
            if len(keys) > 1:
                names = " or ".join(pool[pk].name for pk in keys[:4])
                row.add_error("name", f"{row.who}: could be {names}; type the full name.")
                continue
            if keys:
                row.player = pool[keys[0]]
            elif row.cleaned_data["new_player"]:
                row.player = None  # created on save
                continue
            else:
                row.needs_confirmation = True
                row.add_error(
                    "name",
                    f"{row.who}: no {row.side.name} player has this name. Tick “new player” "
                    f"to add {name} to {row.side.name}, or correct the name.",
                )
                continue
            first = seen.setdefault(row.player.pk, row)
            if first is not row:
                row.add_error(
                    "name",
                    f"{row.who}: {row.player.name} is already on the sheet as "
                    f"{first.title}; a player appears once in a match.",
                )

    def _check_man_of_the_match(self) -> None:
        key = self.details.cleaned_data["man_of_the_match"]
        if not key:
            self.man_of_the_match = None
            return
        chosen = next((row for row in self.rows if row.key == key), None)
        if chosen is None or chosen.is_blank:
            self.details.add_error(
                "man_of_the_match", "The man of the match must be a player on the sheet."
            )
        self.man_of_the_match = chosen

    def _check_line_up_rules(self) -> None:
        """The rules every editor's tool applies, from the model (the hardening issue):
        a row's player plays for its team, and a row fans have rated is never deleted.

        Rows are kept by player, so an existing row is checked as itself (with its new team)
        and a new one as a new appearance; neither asks the database on the way to a save.
        """
        existing = {appearance.player_id: appearance for appearance in self.appearances}
        placed = set()
        for row in self.rows:
            if row.is_blank or row.player is None or row.errors:
                continue
            placed.add(row.player.pk)
            appearance = existing.get(row.player.pk) or Appearance(
                match=self.match, player=row.player
            )
            appearance.team = row.side
            try:
                appearance.validate_line_up_change()
            except ValidationError as error:
                for message in error.messages:
                    row.add_error("name", f"{row.who}: {message}")
        for appearance in self.appearances:
            if appearance.player_id not in placed and appearance.fan_votes:
                refusal = appearance.deletion_refusal()
                if refusal:
                    self.details.add_error(
                        None, f"{refusal} Put his name back on the sheet to save it."
                    )

    def save(self) -> Match:
        return save_team_sheet(
            match=self.match,
            rows=[row for row in self.rows if not row.is_blank],
            man_of_the_match=self.man_of_the_match,
            details=self.details.cleaned_data,
            events=[form.cleaned_data for form in self.events.forms if _has_event(form)],
        )


def _has_event(form: EventForm) -> bool:
    return form.cleaned_data.get("minute") is not None


def _written(appearance: Appearance) -> str:
    try:
        return appearance.editor_rating.written_as
    except EditorRating.DoesNotExist:
        return ""


def _blank() -> dict:
    sections = [f"{where}-{section}" for where in SIDES for section in SECTIONS]
    return {"details": {}, "events": [], **{key: [] for key in sections}}


def _padded(initial: dict) -> dict:
    """Blank rows after the filled ones: 11 starters, 5 substitutes, 3 key moments at least."""
    for key, rows in list(initial.items()):
        wanted = {"starters": STARTER_ROWS, "substitutes": SUBSTITUTE_ROWS, "events": EVENT_ROWS}
        section = key.rsplit("-", 1)[-1]
        if section in wanted:
            minimum = wanted[section]
            more = minimum - len(rows) if len(rows) < minimum else 0
            if section == "substitutes" and len(rows) >= minimum:
                more = 1  # always room for one more substitute
            initial[key] = [*rows, *({} for _ in range(more))]
    return initial


def initial_from_report(sheet: TeamSheet, text: str) -> tuple[dict, list]:
    """The sheet filled from a pasted ratings block, and the parser's problems."""
    report = parse_report(text.replace("\r\n", "\n"))
    problems = list(report.problems)
    details = {name: sheet.details[name].value() for name in sheet.details.fields}
    initial = {
        **_blank(),
        "details": {**details, "man_of_the_match": "", "paste": text},
        "events": [
            {"minute": event.minute, "kind": event.kind, "description": event.text}
            for event in report.events
        ],
    }
    if not report.events:  # keep the moments already on the page
        initial["events"] = [
            {field: form[field].value() for field in ("minute", "kind", "description")}
            for form in sheet.events.forms
        ]
    motm = report.man_of_the_match
    for where, parsed in zip(SIDES, report.teams, strict=False):
        for role, section in ((STARTER, "starters"), (SUBSTITUTE, "substitutes")):
            key = f"{where}-{section}"
            players = [player for player in parsed.players if player.role == role]
            initial[key] = [
                {"name": player.name, "rating": player.rating, "minute_on": player.minute_on}
                for player in players
            ]
            if motm is not None and motm.player is not None:
                for index, player in enumerate(players):
                    if player.name == motm.player and not initial["details"]["man_of_the_match"]:
                        initial["details"]["man_of_the_match"] = f"{key}-{index}"
    if len(report.teams) != 2:
        found = f"{len(report.teams)} teams" if len(report.teams) != 1 else "1 team"
        problems.append(f"Found {found} in the block; paste both teams' ratings, home first.")
    return _padded(initial), problems


@transaction.atomic
def save_team_sheet(
    *,
    match: Match,
    rows: list[RowForm],
    man_of_the_match: RowForm | None,
    details: dict,
    events: list[dict],
) -> Match:
    """Write a checked sheet: players, line-ups, ratings, the match's fields and key moments.

    A fixed number of queries, however many rows: everything is written in bulk.
    """
    new_players = [Player(name=row.cleaned_data["name"], team=row.side) for row in rows]
    new_players = [player for player, row in zip(new_players, rows, strict=True) if not row.player]
    Player.objects.bulk_create(new_players)
    created = iter(new_players)
    for row in rows:
        if row.player is None:
            row.player = next(created)
    players = [row.player for row in rows]
    match.appearances.exclude(player__in=players).delete()
    Appearance.objects.bulk_create(
        [
            Appearance(
                match=match,
                player=row.player,
                team=row.side,
                role=row.role,
                order=row.number,
                minute_on=row.cleaned_data.get("minute_on"),
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["match", "player"],
        update_fields=["team", "role", "order", "minute_on"],
    )
    # Upserted rows do not report their primary keys on every database: read them back.
    saved = {a.player_id: a for a in match.appearances.all()}
    rated = [row for row in rows if row.cleaned_data["rating"]]
    EditorRating.objects.filter(appearance__match=match).exclude(
        appearance__in=[saved[row.player.pk].pk for row in rated]
    ).delete()
    EditorRating.objects.bulk_create(
        [
            EditorRating(
                appearance=saved[row.player.pk],
                quarters=EditorRating.quarters_for(row.cleaned_data.get("value")),
                written_as=row.cleaned_data["rating"],
            )
            for row in rated
        ],
        update_conflicts=True,
        unique_fields=["appearance"],
        update_fields=["quarters", "written_as"],
    )
    match.events.all().delete()
    MatchEvent.objects.bulk_create(
        MatchEvent(
            match=match,
            minute=event["minute"],
            kind=event["kind"],
            description=event["description"],
        )
        for event in events
    )
    match.home_score, match.away_score = details["home_score"], details["away_score"]
    match.rating_opens_at = details["rating_opens_at"]
    match.rating_closes_at = details["rating_closes_at"]
    match.man_of_the_match = (
        saved[man_of_the_match.player.pk] if man_of_the_match is not None else None
    )
    match.save(
        update_fields=[
            "home_score",
            "away_score",
            "rating_opens_at",
            "rating_closes_at",
            "man_of_the_match",
        ]
    )
    return match


# --- The view -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def team_sheet(request: HttpRequest, model_admin: admin.ModelAdmin, object_id: int) -> HttpResponse:
    """GET shows the sheet; POST saves it, fills it from a pasted block, or adds rows."""
    # The admin's own queryset (its permission rules), with both sides for the page's labels.
    queryset = model_admin.get_queryset(request).select_related("home_team", "away_team")
    match = queryset.filter(pk=object_id).first()
    if match is None:
        return model_admin._get_obj_does_not_exist_redirect(
            request, model_admin.opts, str(object_id)
        )
    if not model_admin.has_change_permission(request, match):
        raise PermissionDenied
    show_errors, problems, filled = False, [], False
    if request.method == "GET":
        sheet = TeamSheet(match)
    elif "fill" in request.POST:
        sheet = TeamSheet(match, request.POST)
        initial, problems = initial_from_report(sheet, request.POST.get("details-paste", ""))
        sheet = TeamSheet(match, initial=initial)
        sheet.offer_new_players()
        filled = True
    elif "more" in request.POST:
        data = request.POST.copy()
        prefix = f"{request.POST['more']}-TOTAL_FORMS"
        if prefix in data and data[prefix].isascii() and data[prefix].isdigit():
            data[prefix] = str(min(int(data[prefix]) + MORE_ROWS, MAX_ROWS))
        sheet = TeamSheet(match, data)
    else:
        sheet = TeamSheet(match, request.POST)
        if sheet.is_valid():
            try:
                sheet.save()
            except ProtectedError:
                # A fan rated a player this sheet removes after it was checked: the
                # transaction rolled back, so say so rather than fail.
                sheet.details.add_error(
                    None,
                    "Fans rated a player you removed while you were editing, so nothing was "
                    "saved: put him back on the sheet.",
                )
            else:
                count = sum(1 for row in sheet.rows if not row.is_blank)
                new = sum(1 for row in sheet.rows if row.cleaned_data.get("new_player"))
                messages.success(request, f"Saved the team sheet: {count} players ({new} new).")
                return redirect("admin:matches_match_team_sheet", match.pk)
        show_errors = True
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Team sheet: {match}",
        "match": match,
        "sheet": sheet,
        "show_errors": show_errors,
        "problems": problems,
        "filled": filled,
        "zone": timezone.get_current_timezone_name(),
    }
    return TemplateResponse(request, "admin/desk/team_sheet.html", context)
