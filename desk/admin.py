"""The desk's screens join the match admin: ratings/admin.py registers the match desk, and
ratings may not import desk, so the desk extends it here (desk comes after ratings in
INSTALLED_APPS, so the match admin is already registered)."""

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.urls import path, reverse

from desk import admin_views, team_sheet
from desk.player_search import PlayerSearchView
from matches.models import Match
from ratings.admin import LineUpInline, MatchAdmin


class DeskLineUpInline(LineUpInline):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "player":
            # The desk's player search: accents ignored, this match's squads first.
            match = getattr(request, "_desk_match", None)
            field.widget.search_url = (
                reverse("admin:matches_match_player_search", args=[match.pk])
                if match is not None
                else reverse("admin:matches_match_player_search_new")
            )
        return field


class DeskMatchAdmin(MatchAdmin):
    inlines = [
        DeskLineUpInline if inline is LineUpInline else inline for inline in MatchAdmin.inlines
    ]

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        # A plain "Save" of a new match goes on to its team sheet: the line-ups come next.
        others = ("_continue", "_addanother", "_saveasnew", IS_POPUP_VAR)
        if response.status_code == 302 and not any(name in request.POST for name in others):
            response["Location"] = reverse("admin:matches_match_team_sheet", args=[obj.pk])
        return response

    def get_urls(self):
        def import_report(request, object_id=None):
            return admin_views.import_report(request, self, object_id)

        def sheet(request, object_id):
            return team_sheet.team_sheet(request, self, object_id)

        view = self.admin_site.admin_view(import_report)
        search = self.admin_site.admin_view(PlayerSearchView.as_view(admin_site=self.admin_site))
        return [
            path("player-search/", search, name="matches_match_player_search_new"),
            path("<int:object_id>/player-search/", search, name="matches_match_player_search"),
            path("import/", view, name="matches_match_import_new"),
            path("<int:object_id>/import/", view, name="matches_match_import"),
            path(
                "<int:object_id>/team-sheet/",
                self.admin_site.admin_view(sheet),
                name="matches_match_team_sheet",
            ),
            *super().get_urls(),
        ]


admin.site.unregister(Match)
admin.site.register(Match, DeskMatchAdmin)
