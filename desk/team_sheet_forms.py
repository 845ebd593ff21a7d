"""The team sheet's forms: a player's line, a key moment and the match's own fields.

Each form knows its row ("Napoli substitute 2"), so every message names the row and the
player in words. Checks that need the database (names, fan votes) are the sheet's, in
``desk.team_sheet``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone

from matches.models import (
    FIRST_MINUTE,
    LATEST_MINUTE,
    Appearance,
    Match,
    MatchEvent,
    Player,
    Team,
    check_minute_on,
)
from ratings.marks import parse_rating
from ratings.models import EditorRating

STARTER_ROWS = 11
SUBSTITUTE_ROWS = 5
EVENT_ROWS = 3
MORE_ROWS = 3
MAX_ROWS = 40  # a forged TOTAL_FORMS cannot make the page build thousands of forms
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
        return check_minute_on(self.cleaned_data["minute_on"], who=self.who)


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
