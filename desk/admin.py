"""The desk's screens join the match admin: ratings/admin.py registers the match desk, and
ratings may not import desk, so the desk extends it here (desk comes after ratings in
INSTALLED_APPS, so the match admin is already registered)."""

from django.contrib import admin
from django.urls import path

from desk import admin_views, team_sheet
from matches.models import Match
from ratings.admin import MatchAdmin


class DeskMatchAdmin(MatchAdmin):
    def get_urls(self):
        def import_report(request, object_id=None):
            return admin_views.import_report(request, self, object_id)

        def sheet(request, object_id):
            return team_sheet.team_sheet(request, self, object_id)

        view = self.admin_site.admin_view(import_report)
        return [
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
