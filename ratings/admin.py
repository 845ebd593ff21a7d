from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

from matches.models import Appearance, Match, MatchEvent, Team
from ratings.marks import parse_rating
from ratings.models import EditorRating, FanRating, format_rating, save_editor_rating


class PlayerAutocomplete(AutocompleteSelect):
    """The player search box, labelled from the row's own player when it is already loaded.

    Django's widget looks the selected player up again for every row (one query a row);
    the line-up rows come with their players, so it need not.
    """

    known: dict[str, str] | None = None

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

    class Meta:
        model = Appearance
        fields = ["player", "team", "role", "order", "minute_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.team_choices is not None and "team" in self.fields:
            self.fields["team"].choices = self.team_choices
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

    def clean(self):
        cleaned = super().clean()
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
                raise forms.ValidationError(str(error)) from None
        return text


class LineUpInline(admin.TabularInline):
    model = Appearance
    form = LineUpForm
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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("player", "team", "editor_rating")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.team_choices = [
                ("", "---------"),
                *((team.pk, str(team)) for team in (obj.home_team, obj.away_team)),
            ]
        return formset


class MatchEventInline(admin.TabularInline):
    model = MatchEvent
    extra = 0
    verbose_name = "key moment"
    verbose_name_plural = "key moments"


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
    change_form_template = "admin/matches/match/change_form.html"
    change_list_template = "admin/matches/match/change_list.html"

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
