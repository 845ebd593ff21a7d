from django import forms
from django.contrib import admin

from matches.models import Competition, Player, Team

# The match desk (line-up, official ratings and key moments on one page) is registered in
# ratings/admin.py, because it edits the editor's ratings too and ratings may import
# matches but never the other way round.


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "season"]
    search_fields = ["name", "season"]


class ColourInput(forms.TextInput):
    """The browser's colour picker. A colour input always holds a colour, so HTML allows it
    neither `required` nor `maxlength`; the model's validator checks what arrives."""

    input_type = "color"

    def use_required_attribute(self, initial) -> bool:
        return False


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "primary_colour", "secondary_colour"]
        widgets = {"primary_colour": ColourInput(), "secondary_colour": ColourInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("primary_colour", "secondary_colour"):
            self.fields[name].widget.attrs.pop("maxlength", None)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    form = TeamForm
    list_display = ["name", "primary_colour", "secondary_colour"]
    search_fields = ["name"]


@admin.register(Player)
class PlayerAdmin(admin.ModelAdmin):
    list_display = ["name", "team"]
    list_filter = ["team"]
    search_fields = ["name"]
    autocomplete_fields = ["team"]
