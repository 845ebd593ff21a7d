"""The player search of the match admin's line-up rows.

Like the import's name matching, it ignores accents, case and spacing ("Szczesny" finds
Wojciech Szczęsny); it lists the match's two squads first and shows each player's team, so
the right Alex is picked. It answers the admin's own autocomplete requests (Select2), with the
admin's permission checks, at a URL that names the match.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import Case, IntegerField, Value, When

from desk.report import normalize_name
from matches.models import Match


class PlayerSearchView(AutocompleteJsonView):
    def get(self, request, *args, object_id: int | None = None, **kwargs):
        sides = Match.objects.filter(pk=object_id).values_list("home_team_id", "away_team_id")
        self.sides = list(sides.first() or ()) if object_id is not None else []
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        players = self.model_admin.get_queryset(self.request).select_related("team")
        wanted = normalize_name(self.term)
        if wanted:
            # Names are compared folded, in Python: the same folding as the import, on any
            # database (neither SQLite nor a plain PostgreSQL can ignore accents in a query).
            found = [
                pk
                for pk, name in players.values_list("pk", "name")
                if wanted in normalize_name(name)
            ]
            players = players.filter(pk__in=found)
        squad_first = Case(
            When(team__in=self.sides, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return players.order_by(squad_first, "name", "pk")

    def serialize_result(self, obj, to_field_name):
        team = obj.team.name if obj.team else "no team"
        return {"id": str(getattr(obj, to_field_name)), "text": f"{obj.name} ({team})"}
