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
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from desk.report import match_name, parse_report
from matches.models import Appearance, Match, MatchEvent, Player, Team
from ratings.marks import parse_rating
from ratings.models import EditorRating, FanRating

STARTER_ROWS = 11
SUBSTITUTE_ROWS = 5
EVENT_ROWS = 3
MORE_ROWS = 3
MAX_ROWS = 40  # a forged TOTAL_FORMS cannot make the page build thousands of forms
FIRST_MINUTE = 1
LATEST_MINUTE = 150  # the database refuses a later minute (extra time and stoppages fit)
NAME_LENGTH = Player._meta.get_field("name").max_length
RATING_LENGTH = EditorRating._meta.get_field("written_as").max_length
SIDES = ("home", "away")
SECTIONS = ("starters", "substitutes")
STARTER = Appearance.Role.STARTER
SUBSTITUTE = Appearance.Role.SUBSTITUTE


def _sentence(message: str) -> str:
    """ "Rating 11 is out of range." reads on after a row's name as "rating 11 is ..."."""
    return message[:1].lower() + message[1:] if message[1:2].islower() else message


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# --- Forms ----------------------------------------------------------------------------------


class RowForm(forms.Form):
    """One player's line: his name and the editor's rating, as written."""

    name = forms.CharField(required=False, max_length=NAME_LENGTH)
    rating = forms.CharField(required=False, max_length=RATING_LENGTH)
    new_player = forms.BooleanField(required=False)

    def __init__(self, *args, side: Team, role: str, number: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.side, self.role, self.number = side, role, number
        self.title = f"{side.name} {Appearance.Role(role).label.lower()} {number}"
        self.key = self.prefix  # names the row in the man-of-the-match choice
        self.player: Player | None = None  # set once the name is matched
        self.needs_confirmation = False
        name, rating = self.fields["name"], self.fields["rating"]
        name.label = f"{self.title}: name"
        name.widget.attrs.update(
            {"autocomplete": "off", "list": f"squad-{side.pk}", "class": "sheet-name"}
        )
        rating.label = f"{self.title}: rating"
        rating.widget.attrs.update({"autocomplete": "off", "size": 4, "class": "sheet-rating"})
        self.fields["new_player"].label = f"new {side.name} player"

    @property
    def who(self) -> str:
        """The row and the player, as errors name them: "Napoli starter 3 (Meret)"."""
        name = (self.data.get(self.add_prefix("name")) or "").strip()
        return f"{self.title} ({name})" if name else self.title

    def clean_rating(self) -> str:
        written = self.cleaned_data["rating"].strip()
        if written:
            try:
                self.cleaned_data["value"] = parse_rating(written)
            except ValueError as error:
                raise forms.ValidationError(f"{self.who}: {_sentence(str(error))}") from None
        return written

    def clean(self):
        data = super().clean()
        filled = [field for field in ("rating", "minute_on") if data.get(field) not in ("", None)]
        if not data.get("name") and filled:
            what = "a rating" if "rating" in filled else "a minute on"
            self.add_error("name", f"{self.title}: {what} but no name; type the player's name.")
        return data

    @property
    def is_blank(self) -> bool:
        return not self.cleaned_data.get("name")


class SubstituteRowForm(RowForm):
    minute_on = forms.IntegerField(
        required=False,
        widget=forms.NumberInput(
            attrs={"min": FIRST_MINUTE, "max": LATEST_MINUTE, "class": "sheet-minute"}
        ),
    )
    field_order = ["name", "minute_on", "rating", "new_player"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minute_on"].label = f"{self.title}: minute on"
        # A bad number is the row's error in words, not the field's stock sentence.
        self.fields["minute_on"].error_messages["invalid"] = (
            f"{self.who}: minute on must be a whole number."
        )

    def clean_minute_on(self) -> int | None:
        minute = self.cleaned_data["minute_on"]
        if minute is not None and not FIRST_MINUTE <= minute <= LATEST_MINUTE:
            raise forms.ValidationError(
                f"{self.who}: minute on must be between {FIRST_MINUTE} and {LATEST_MINUTE}."
            )
        return minute


class RowFormSet(forms.BaseFormSet):
    """One section of a team's table: its starters or its substitutes."""

    def __init__(self, *args, side: Team, role: str, **kwargs):
        self.side, self.role = side, role
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        number = None if index is None else index + 1
        return {"side": self.side, "role": self.role, "number": number}

    @property
    def title(self) -> str:
        return "Starters" if self.role == STARTER else "Substitutes"


StarterFormSet = forms.formset_factory(
    RowForm, formset=RowFormSet, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS
)
SubstituteFormSet = forms.formset_factory(
    SubstituteRowForm, formset=RowFormSet, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS
)


class EventForm(forms.Form):
    minute = forms.IntegerField(
        required=False,
        widget=forms.NumberInput(
            attrs={"min": FIRST_MINUTE, "max": LATEST_MINUTE, "class": "sheet-minute"}
        ),
    )
    kind = forms.ChoiceField(
        required=False, choices=MatchEvent.Kind.choices, initial=MatchEvent.Kind.OTHER
    )
    description = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"class": "sheet-text"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        number = int(self.prefix.rsplit("-", 1)[1]) + 1 if self.prefix else 0
        self.title = f"Key moment {number}"
        for name, label in (("minute", "minute"), ("kind", "kind"), ("description", "what")):
            self.fields[name].label = f"{self.title}: {label}"

    def clean(self):
        data = super().clean()
        minute, text = data.get("minute"), (data.get("description") or "").strip()
        if "minute" in self.errors:
            return data
        if text and minute is None:
            self.add_error("minute", f"{self.title}: the minute is missing.")
        elif minute is not None and not text:
            self.add_error("description", f"{self.title}: say what happened.")
        elif minute is not None and not FIRST_MINUTE <= minute <= LATEST_MINUTE:
            self.add_error(
                "minute",
                f"{self.title}: the minute must be between {FIRST_MINUTE} and {LATEST_MINUTE}.",
            )
        data["description"] = text
        data["kind"] = data.get("kind") or MatchEvent.Kind.OTHER
        return data


EventFormSet = forms.formset_factory(EventForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS)


class MatchDetailsForm(forms.Form):
    """What the sheet sets on the match itself; the man of the match is a row's key."""

    home_score = forms.IntegerField(required=False, min_value=0, max_value=99)
    away_score = forms.IntegerField(required=False, min_value=0, max_value=99)
    rating_opens_at = forms.DateTimeField(
        required=False, label="Fan rating opens", widget=DateTimeLocalInput()
    )
    rating_closes_at = forms.DateTimeField(
        required=False, label="Fan rating closes", widget=DateTimeLocalInput()
    )
    man_of_the_match = forms.CharField(required=False)
    paste = forms.CharField(
        required=False,
        label="Paste ratings",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
        help_text="A ratings block as reports print it, home team first; "
        "“Fill the tables” puts it on the sheet for you to check before saving.",
    )

    def __init__(self, *args, match: Match, **kwargs):
        super().__init__(*args, **kwargs)
        self.match = match
        self.fields["home_score"].label = f"{match.home_team.name} goals"
        self.fields["away_score"].label = f"{match.away_team.name} goals"
        zone = timezone.get_current_timezone_name()
        hours = settings.RATING_WINDOW_HOURS
        for name in ("rating_opens_at", "rating_closes_at"):
            self.fields[name].help_text = f"{zone} time."
        self.fields[
            "rating_closes_at"
        ].help_text = f"{zone} time. Leave both blank for kick-off to {hours} hours later."

    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("rating_opens_at"), data.get("rating_closes_at")
        if opens_at is None and closes_at is None and not self.errors:
            data["rating_opens_at"], data["rating_closes_at"] = Match.default_rating_window(
                self.match.kickoff
            )
        elif opens_at is None or closes_at is None:
            if not self.errors:
                missing = "rating_opens_at" if opens_at is None else "rating_closes_at"
                self.add_error(missing, "Give both ends of the rating window, or neither.")
        elif closes_at <= opens_at:
            self.add_error("rating_closes_at", "The rating window must close after it opens.")
        return data


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
            sheet.save()
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
