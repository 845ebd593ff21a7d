from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from matches.models import Appearance, Competition, Match, MatchEvent, Team
from matches.report_parser import parse_rating
from ratings.importer import ImportRefused, apply_import, plan_import, rating_window
from ratings.models import EditorRating, FanRating, format_rating, save_editor_rating


class LineUpForm(forms.ModelForm):
    """An appearance plus the editor's rating of it, typed the way reports write marks."""

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
        if self.instance.pk and not self.is_bound:
            rating = EditorRating.objects.filter(appearance=self.instance).first()
            if rating is not None:
                self.initial["editor_rating"] = rating.written_as or format_rating(rating.value)

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
        if db_field.name == "team" and match is not None:
            kwargs["queryset"] = Team.objects.filter(
                pk__in=[match.home_team_id, match.away_team_id]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("player", "team")


class MatchEventInline(admin.TabularInline):
    model = MatchEvent
    extra = 0
    verbose_name = "key moment"
    verbose_name_plural = "key moments"


class ReportForm(forms.Form):
    report = forms.CharField(
        label="Match report",
        strip=False,  # leading blank lines count in the line numbers of problems
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text="Paste the whole report, or just its player ratings.",
    )

    def clean_report(self) -> str:
        # Browsers send CRLF; store and number lines the way the editor sees them.
        return self.cleaned_data["report"].replace("\r\n", "\n").replace("\r", "\n")


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class NewMatchReportForm(ReportForm):
    """Importing into a new match also asks what the report cannot say."""

    competition = forms.ModelChoiceField(queryset=Competition.objects.all())
    kickoff = forms.DateTimeField(label="Kick-off", widget=_DateTimeInput())
    rating_opens_at = forms.DateTimeField(
        label="Fan rating opens",
        required=False,
        widget=_DateTimeInput(),
        help_text="Default: at kick-off.",
    )
    rating_closes_at = forms.DateTimeField(
        label="Fan rating closes",
        required=False,
        widget=_DateTimeInput(),
        help_text="Default: 7 days after it opens.",
    )

    def clean(self):
        data = super().clean()
        if data.get("kickoff"):
            opens_at, closes_at = rating_window(
                data["kickoff"], data.get("rating_opens_at"), data.get("rating_closes_at")
            )
            if closes_at <= opens_at:
                self.add_error("rating_closes_at", "The rating window must close after it opens.")
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
    change_form_template = "admin/matches/match/change_form.html"
    change_list_template = "admin/matches/match/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_report_view)
        return [
            path("import/", view, name="matches_match_import_new"),
            path("<int:object_id>/import/", view, name="matches_match_import"),
            *super().get_urls(),
        ]

    @method_decorator(require_http_methods(["GET", "POST"]))
    def import_report_view(
        self, request: HttpRequest, object_id: int | None = None
    ) -> HttpResponse:
        """Import from report: paste, preview (writes nothing), then save in one transaction.

        The Save form carries the previewed text in a hidden field and the editor's choice
        of player for each name in a select named after the row ("player-t0-p3").
        """
        match = None
        if object_id is not None:
            match = self.get_object(request, str(object_id))
            if match is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
            if not self.has_change_permission(request, match):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        form_class = NewMatchReportForm if match is None else ReportForm
        plan = None
        if request.method == "POST":
            form = form_class(request.POST)
            form.is_valid()
            # The report can be previewed before a new match's details are complete.
            if "report" in form.cleaned_data:
                choices = {
                    name.removeprefix("player-"): value
                    for name, value in request.POST.items()
                    if name.startswith("player-")
                }
                plan = plan_import(form.cleaned_data["report"], match=match, choices=choices)
            if plan is not None and form.is_valid() and "save" in request.POST:
                try:
                    match = apply_import(
                        plan,
                        competition=form.cleaned_data.get("competition"),
                        kickoff=form.cleaned_data.get("kickoff"),
                        rating_opens_at=form.cleaned_data.get("rating_opens_at"),
                        rating_closes_at=form.cleaned_data.get("rating_closes_at"),
                    )
                except ImportRefused as refused:
                    messages.error(request, str(refused))
                else:
                    messages.success(request, _import_summary(plan))
                    return redirect("admin:matches_match_change", match.pk)
        else:
            form = form_class(initial={"report": match.report_text} if match else None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Import from report: {match}"
            if match
            else "Import a new match from a report",
            "match": match,
            "form": form,
            "plan": plan,
            "can_save": plan is not None and not plan.problems and form.is_valid(),
            "action": request.path,
        }
        return TemplateResponse(request, "admin/ratings/import_report.html", context)

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


def _import_summary(plan) -> str:
    new = len(plan.new_players)
    parts = [f"Imported {len(plan.rows)} players ({new} new)"]
    if plan.man_of_the_match is not None:
        parts.append(f"the man of the match, {plan.man_of_the_match.parsed.name}")
    if plan.report.events:
        parts.append(f"{len(plan.report.events)} key moments")
    summary = ", ".join(parts) + "."
    if plan.removed:
        summary += f" Removed {len(plan.removed)} players no longer in the report."
    if plan.kept:
        names = ", ".join(a.player.name for a in plan.kept)
        summary += f" Kept {names}: not in the report, but fans have rated them."
    return summary


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
