from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "Fail with one clear line when the configured database cannot be reached."

    def handle(self, *args, **options):
        settings = connection.settings_dict
        try:
            connection.ensure_connection()
        except OperationalError as error:
            where = settings.get("HOST") or "the local socket"
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise CommandError(
                f"Cannot reach the {connection.vendor} database at {where} ({first_line}). "
                "Start PostgreSQL or point DATABASE_URL at one, "
                "e.g. DATABASE_URL=postgres://USER@HOST:5432/terrace make test"
            ) from None
        self.stdout.write(f"Database: {connection.vendor} ({settings.get('NAME')}) is reachable.")
