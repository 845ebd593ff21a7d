from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Case, When
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from matches.models import (
    FIRST_MINUTE,
    LATEST_MINUTE,
    Appearance,
    Match,
    MatchEvent,
    Team,
    check_minute_on,
)
from ratings.marks import parse_rating
from ratings.models import EditorRating, FanRating, format_rating, save_editor_rating


class PlayerAutocomplete(AutocompleteSelect):
    """The player search box, labelled from the row's own player when it is already loaded.

    Django's widget looks the selected player up again for every row (one query a row);
    the line-up rows come with their players, so it need not.
    """

    known: dict[str, str] | None = None
    search_url: str | None = None  # the desk's search (accents ignored, squads first), if set

    def get_url(self):
        return self.search_url or super().get_url()

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not self.known or not selected or any(pk not in self.known for pk in selected):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options += [
            self.create_option(name, pk, self.known[pk], set(selected), len(options) + index)
            for index, pk in enumerate(selected)
        ]
        return [(None, options, 0)]


class BlankFirstAutocomplete(AutocompleteSelect):
    """Django's search box leaves the blank option out on a required field, but HTML wants a
    required menu's first option blank (the Nu HTML Checker says so); this puts it back."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1] if groups else []
        if self.is_required and not any(option["value"] == "" for option in options):
            options.insert(0, self.create_option(name, "", "---------", False, 0))
        return groups


class LineUpForm(forms.ModelForm):
    """An appearance plus the editor's rating of it, typed the way reports write marks."""

    # The match's two teams as (value, label) pairs, set once per page by LineUpInline, so
    # each row's team menu does not ask the database again.
    team_choices: list[tuple] | None = None

    editor_rating = forms.CharField(
        required=False,
        max_length=20,
        label="Editor's rating",
        help_text="0 to 10 in quarter points: 7, 6.5 or 6,5, 6+ or 6-. N/A for not rated.",
    )
    # Checked in clean() so the message can name the row and the player.
    minute_on = forms.IntegerField(
        required=False,
        label="Minute on",
        widget=forms.NumberInput(attrs={"min": FIRST_MINUTE, "max": LATEST_MINUTE}),
        help_text="For a substitute, the minute he came on.",
    )

    class Meta:
        model = Appearance
        fields = ["player", "team", "role", "order", "minute_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.team_choices is not None and "team" in self.fields:
            self.fields["team"].choices = self.team_choices
        # A table cell has no label of its own: each box is named by its column and row.
        self.row = _row_number(self.prefix)
        for field in self.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
            widget.attrs.setdefault("aria-label", f"{field.label}, row {self.row}")
        self.fields["minute_on"].error_messages["invalid"] = (
            f"Row {self.row}: minute on must be a whole number."
        )
        if self.instance.pk and not self.is_bound:
            # The inline's queryset brings the player and the editor's rating with the row.
            if "player" in self.fields:
                widget = self.fields["player"].widget
                widget = getattr(widget, "widget", widget)
                if isinstance(widget, PlayerAutocomplete):
                    widget.known = {str(self.instance.player_id): str(self.instance.player)}
            try:
                rating = self.instance.editor_rating
            except EditorRating.DoesNotExist:
                rating = None
            if rating is not None:
                self.initial["editor_rating"] = rating.written_as or format_rating(rating.value)

    @property
    def who(self) -> str:
        """The row and its player, as messages name them: "Row 3 (Federico Chiesa)"."""
        player = self.cleaned_data.get("player") if hasattr(self, "cleaned_data") else None
        return f"Row {self.row} ({player.name})" if player else f"Row {self.row}"

    def clean_minute_on(self) -> int | None:
        return check_minute_on(self.cleaned_data["minute_on"], who=self.who)

    def clean(self):
        cleaned = super().clean()
        if self.has_error("team", "invalid_choice") and self.team_choices:
            sides = " or ".join(str(label) for value, label in self.team_choices if value)
            self.errors["team"] = self.error_class(
                [f"{self.who}: the team must be {sides}, the two sides in this match."]
            )
        # Fans' votes are never deleted by an editor: a rated row stays, and says why.
        if cleaned.get("DELETE") and self.instance.pk:
            refusal = self.instance.deletion_refusal()
            if refusal:
                cleaned["DELETE"] = False
                self.add_error(None, refusal)
        return cleaned

    def clean_editor_rating(self) -> str:
        text = self.cleaned_data["editor_rating"].strip()
        if text:
            try:
                parse_rating(text)
            except ValueError as error:
                raise forms.ValidationError(f"{self.who}: {error}") from None
        return text


def _row_number(prefix: str | None) -> int | str:
    """ "appearances-2" is row 3; the blank template row has no number."""
    index = (prefix or "").rsplit("-", 1)[-1]
    return int(index) + 1 if index.isdigit() else "new"


class LineUpFormSet(BaseInlineFormSet):
    """The rules across rows, on the add page as on the change page, in words."""

    def clean(self):
        rows = [
            form
            for form in self.forms
            if form.is_valid()
            and form.cleaned_data.get("player")
            and not self._should_delete_form(form)
        ]
        sides = [self.instance.home_team, self.instance.away_team] if self._has_sides() else []
        for form in rows:
            team = form.cleaned_data.get("team")
            if sides and team is not None and team not in sides:
                form.add_error(
                    "team",
                    f"{form.who}: the team must be {sides[0]} or {sides[1]}, the two sides in "
                    f"this match, not {team}.",
                )
        seen = {}
        for form in rows:
            player = form.cleaned_data["player"]
            first = seen.setdefault(player.pk, form)
            if first is not form:
                form.add_error(
                    "player",
                    f"{form.who}: {player.name} is already in row {first.row}; "
                    "a player appears once in a match.",
                )
        if any(form.errors for form in rows):
            return  # the rows say what is wrong; Django's own duplicate check would not
        super().clean()

    def _has_sides(self) -> bool:
        return bool(self.instance.home_team_id and self.instance.away_team_id)


class LineUpInline(admin.TabularInline):
    model = Appearance
    form = LineUpForm
    formset = LineUpFormSet
    extra = 0
    autocomplete_fields = ["player"]
    verbose_name = "player in the line-up"
    verbose_name_plural = "line-ups and the editor's ratings"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        match = getattr(request, "_desk_match", None)
        if db_field.name == "player":
            kwargs["widget"] = PlayerAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        if db_field.name == "team" and match is not None:
            kwargs["queryset"] = Team.objects.filter(
                pk__in=[match.home_team_id, match.away_team_id]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # No add/change/delete/view icons in a line-up row: the red cross beside a player's
        # name deleted the player record, not the row (the row has its own delete box).
        if field is not None and hasattr(field.widget, "can_delete_related"):
            for action in ("add", "change", "delete", "view"):
                setattr(field.widget, f"can_{action}_related", False)
        return field

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("player", "team", "editor_rating")
        match = getattr(request, "_desk_match", None)
        if match is not None:
            # The team sheet's order: home side first, starters before substitutes.
            home_first = Case(When(team_id=match.home_team_id, then=0), default=1)
            rows = rows.order_by(home_first, "role", "order", "pk")
        return rows

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.team_choices = [
                ("", "---------"),
                *((team.pk, str(team)) for team in (obj.home_team, obj.away_team)),
            ]
        return formset


class KeyMomentForm(forms.ModelForm):
    class Meta:
        model = MatchEvent
        fields = ["minute", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        row = _row_number(self.prefix)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", f"Key moment {row}: {field.label}")
        self.fields["minute"].widget.attrs.update({"min": FIRST_MINUTE, "max": LATEST_MINUTE})


class MatchEventInline(admin.TabularInline):
    model = MatchEvent
    form = KeyMomentForm
    extra = 0
    verbose_name = "key moment"
    verbose_name_plural = "key moments"


class MatchForm(forms.ModelForm):
    """A blank rating window is kick-off to ``RATING_WINDOW_HOURS`` later."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        hours = settings.RATING_WINDOW_HOURS
        for name in ("kickoff", "rating_opens_at", "rating_closes_at"):
            field = self.fields.get(name)
            if field is None:
                continue
            # The split date and time boxes have no <label> of their own.
            for box, part in zip(
                getattr(field.widget, "widgets", []), ("date", "time"), strict=False
            ):
                box.attrs["aria-label"] = f"{field.label}: {part} ({zone} time)"
            field.help_text = f"{zone} time."
            if name != "kickoff":
                field.required = False
                field.help_text = (
                    f"{zone} time. Leave both blank for kick-off to {hours} hours later."
                )

    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("rating_opens_at"), data.get("rating_closes_at")
        window_errors = {"rating_opens_at", "rating_closes_at"} & set(self.errors)
        if opens_at is None and closes_at is None and not window_errors and data.get("kickoff"):
            data["rating_opens_at"], data["rating_closes_at"] = Match.default_rating_window(
                data["kickoff"]
            )
        elif (opens_at is None) != (closes_at is None) and not window_errors:
            missing = "rating_opens_at" if opens_at is None else "rating_closes_at"
            self.add_error(missing, "Give both ends of the fan rating window, or neither.")
        return data


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    """The match desk: the match, both line-ups with official ratings, and key moments."""

    list_display = ["__str__", "competition", "kickoff", "rating_opens_at", "rating_closes_at"]
    list_filter = ["competition"]
    list_select_related = ["competition", "home_team", "away_team"]
    search_fields = ["home_team__name", "away_team__name"]
    date_hierarchy = "kickoff"
    autocomplete_fields = ["competition", "home_team", "away_team"]
    inlines = [LineUpInline, MatchEventInline]
    fieldsets = [
        (None, {"fields": ["competition", ("home_team", "away_team"), "kickoff", "venue"]}),
        ("Result", {"fields": [("home_score", "away_score"), "man_of_the_match"]}),
        ("Fan rating window", {"fields": [("rating_opens_at", "rating_closes_at")]}),
        ("Match report", {"fields": ["report_text"], "classes": ["collapse"]}),
    ]
    form = MatchForm
    change_form_template = "admin/matches/match/change_form.html"
    change_list_template = "admin/matches/match/change_list.html"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = BlankFirstAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Inline team choices and the man of the match depend on the match being edited.
        request._desk_match = obj
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("man_of_the_match")
        if field is not None:
            field.queryset = (
                Appearance.objects.filter(match=obj).select_related("player", "team")
                if obj is not None
                else Appearance.objects.none()
            )
            field.help_text = "Chosen from this match's line-ups (save the line-ups first)."
        return form

    def get_deleted_objects(self, objs, request):
        """A match fans have voted on cannot be deleted (FanRating.appearance is PROTECT).

        Django would list each protected vote, and with it the fan's username: editors
        are told how many votes stand in the way instead, never who cast them.
        """
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            votes = FanRating.objects.filter(appearance__match__in=list(objs)).count()
            # The votes are why: not a permission the editor could be given.
            perms_needed = set()
            protected = [
                f"{votes} fan vote{'s' if votes != 1 else ''} on its players: fans' votes are "
                "never deleted by an editor"
            ]
        return deleted, model_count, perms_needed, protected

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not Appearance:
            return
        for inline_form in formset.forms:
            appearance = inline_form.instance
            if appearance.pk is None or inline_form in formset.deleted_forms:
                continue
            if "editor_rating" in inline_form.cleaned_data:
                save_editor_rating(appearance, inline_form.cleaned_data["editor_rating"])


@admin.register(FanRating)
class FanRatingAdmin(admin.ModelAdmin):
    """Fans' votes are theirs: visible to superusers for moderation, never edited here."""

    list_display = ["appearance", "fan", "score", "updated_at"]
    list_select_related = ["appearance__player", "appearance__team", "fan"]
    list_filter = ["appearance__match"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A vote deleted here would bypass the tallies the pages read; votes leave through
        # remove_fan_votes / forget_fan, which keep them exact.
        return False
