"""Fans' votes are never deleted or moved by an editor's change.

- Deleting an appearance with fan ratings is refused (on_delete=PROTECT in Django; in the
  database the foreign key itself refuses it).
- Changing a rated appearance's player or match is refused by a trigger, whatever writes
  the row (the admin, the report import, the team sheet, a shell).

The SQL is written out here, frozen with the migration.
"""

import django.db.models.deletion
from django.db import migrations, models

MESSAGE = "fans have rated this appearance: its player and match cannot change"

POSTGRESQL_CREATE = f"""
CREATE FUNCTION matches_appearance_keep_rated() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ratings_fanrating WHERE appearance_id = OLD.id) THEN
        RAISE EXCEPTION '{MESSAGE} (appearance %)', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER matches_appearance_keep_rated
    BEFORE UPDATE OF player_id, match_id ON matches_appearance
    FOR EACH ROW
    WHEN (OLD.player_id IS DISTINCT FROM NEW.player_id OR OLD.match_id IS DISTINCT FROM NEW.match_id)
    EXECUTE FUNCTION matches_appearance_keep_rated();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS matches_appearance_keep_rated ON matches_appearance;
DROP FUNCTION IF EXISTS matches_appearance_keep_rated();
"""
SQLITE_CREATE = f"""
CREATE TRIGGER matches_appearance_keep_rated
    BEFORE UPDATE OF player_id, match_id ON matches_appearance
    FOR EACH ROW
    WHEN (OLD.player_id IS NOT NEW.player_id OR OLD.match_id IS NOT NEW.match_id)
        AND EXISTS (SELECT 1 FROM ratings_fanrating WHERE appearance_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS matches_appearance_keep_rated;"


def _run(schema_editor, sql_by_vendor):
    sql = sql_by_vendor.get(schema_editor.connection.vendor)
    if sql is None:
        raise NotImplementedError(
            f"No trigger protecting rated appearances for {schema_editor.connection.vendor}."
        )
    schema_editor.execute(sql, params=None)


def create_trigger(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE})


def drop_trigger(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [
        ("matches", "0002_team_colours"),
        ("ratings", "0004_vote_tallies"),
    ]

    operations = [
        migrations.AlterField(
            model_name="fanrating",
            name="appearance",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="fan_ratings",
                to="matches.appearance",
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
