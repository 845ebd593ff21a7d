from django.contrib import admin

from matches.models import Competition, Player, Team

# The match desk (line-up, official ratings and key moments on one page) is registered in
# ratings/admin.py, because it edits the editor's ratings too and ratings may import
# matches but never the other way round.


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "season"]
    search_fields = ["name", "season"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Player)
class PlayerAdmin(admin.ModelAdmin):
    list_display = ["name", "team"]
    list_filter = ["team"]
    search_fields = ["name"]
    autocomplete_fields = ["team"]
