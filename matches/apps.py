from django.apps import AppConfig


class MatchesConfig(AppConfig):
    name = "matches"
    verbose_name = "Matches and squads"

    def ready(self) -> None:
        from matches.sheets import connect_signals

        connect_signals()
