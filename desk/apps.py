from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editor's desk: getting a match in (the report parser, the import, the team sheet)."""

    name = "desk"
    verbose_name = "Editor's desk"
