"""Each fan's rating writes are counted in the database, by the vote itself.

RATING_WRITE_RATE limits how many rating writes a fan may make in a window. The count was
kept in the cache by django-ratelimit, two round trips to Redis on every vote (an eighth
of a vote's cost at the final whistle). Now WriteCount holds it, and ratings_save_scores
moves it in the vote's own transaction, with the fan's row locked: no round trip of its
own, shared by every server, and a refused write is not counted.

ratings_save_scores gains two arguments, the fan's limit (0: none) and the start of their
current window (Unix seconds, computed by ratings.models.WriteLimit). After the window and
line-up checks of migration 0007 it adds the write to the fan's count (1 in a new window),
unless they have already made `limit` writes in this one: then it returns -5 and changes
nothing. The rest is as in 0007, whose text is frozen there. SQLite runs the same steps
from Python (ratings.models._save_scores).
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The function as migration 0007 wrote it, to drop it here and to put it back on reversal.
_0007_sql = import_module("ratings.migrations.0007_save_scores_function")

POSTGRESQL_CREATE = """
CREATE FUNCTION ratings_save_scores(
    p_fan bigint, p_match bigint, p_home_team bigint, p_away_team bigint, p_slot integer,
    p_appearance_ids bigint[], p_scores integer[], p_at timestamptz, p_saved_at timestamptz,
    p_write_limit integer, p_write_window bigint
) RETURNS integer AS $$
DECLARE
    v_club bigint;
    v_is_demo boolean;
    v_opens timestamptz;
    v_closes timestamptz;
    v_in_match integer;
    v_side varchar;
    v_rated_before integer;
    v_added integer;
BEGIN
    SELECT u.club_id,
           EXISTS (SELECT 1 FROM ratings_demofan d WHERE d.user_id = u.id),
           m.rating_opens_at,
           m.rating_closes_at,
           (SELECT count(*) FROM matches_appearance a
             WHERE a.id = ANY (p_appearance_ids) AND a.match_id = p_match)
      INTO v_club, v_is_demo, v_opens, v_closes, v_in_match
      FROM accounts_user u, matches_match m
     WHERE u.id = p_fan AND m.id = p_match
       FOR UPDATE OF u;
    IF NOT FOUND THEN
        RETURN -4;  -- no such fan (or match)
    ELSIF p_at < v_opens THEN
        RETURN -1;  -- not open yet
    ELSIF p_at >= v_closes THEN
        RETURN -2;  -- closed
    ELSIF v_in_match <> cardinality(p_appearance_ids) THEN
        RETURN -3;  -- a player not (or no longer) in this match's line-up
    END IF;

    IF p_write_limit > 0 THEN
        -- A new window starts again at 1; in the same window, only under the limit.
        INSERT INTO ratings_writecount AS w (fan_id, window_start, writes)
        VALUES (p_fan, p_write_window, 1)
        ON CONFLICT (fan_id) DO UPDATE
           SET writes = CASE WHEN w.window_start = excluded.window_start
                             THEN w.writes + 1 ELSE 1 END,
               window_start = excluded.window_start
         WHERE w.window_start <> excluded.window_start OR w.writes < p_write_limit;
        IF NOT FOUND THEN
            RETURN -5;  -- no writes left in this window; nothing changed
        END IF;
    END IF;

    v_side := CASE WHEN v_club = p_home_team THEN 'home'
                   WHEN v_club = p_away_team THEN 'away'
                   ELSE 'neutral' END;

    SELECT count(*) INTO v_rated_before
      FROM ratings_fanrating r JOIN matches_appearance a ON a.id = r.appearance_id
     WHERE r.fan_id = p_fan AND a.match_id = p_match;

    INSERT INTO ratings_scoretally AS t (appearance_id, side, score, slot, votes)
    SELECT c.appearance_id, c.side, c.score, p_slot, sum(c.change)
      FROM (SELECT r.appearance_id, r.side, r.score, -1 AS change
              FROM ratings_fanrating r
             WHERE r.fan_id = p_fan AND r.appearance_id = ANY (p_appearance_ids)
            UNION ALL
            SELECT v.appearance_id, v_side, v.score, 1
              FROM unnest(p_appearance_ids, p_scores) AS v (appearance_id, score)) c
     GROUP BY c.appearance_id, c.side, c.score
    HAVING sum(c.change) <> 0
     ORDER BY c.appearance_id, c.side, c.score
    ON CONFLICT (appearance_id, side, score, slot)
       DO UPDATE SET votes = t.votes + excluded.votes;

    -- xmax is 0 on a row this statement inserted, not on one it updated.
    WITH written AS (
        INSERT INTO ratings_fanrating AS r
               (appearance_id, fan_id, score, side, created_at, updated_at)
        SELECT v.appearance_id, p_fan, v.score, v_side, p_saved_at, p_saved_at
          FROM unnest(p_appearance_ids, p_scores) AS v (appearance_id, score)
         ORDER BY v.appearance_id
        ON CONFLICT (fan_id, appearance_id)
           DO UPDATE SET score = excluded.score, side = excluded.side,
                         updated_at = excluded.updated_at
        RETURNING r.xmax = 0 AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted) INTO v_added FROM written;

    INSERT INTO ratings_matchtally AS m (match_id, slot, fans, demo_fans, writes)
    VALUES (p_match, p_slot,
            CASE WHEN v_rated_before = 0 THEN 1 ELSE 0 END,
            CASE WHEN v_rated_before = 0 AND v_is_demo THEN 1 ELSE 0 END,
            1)
    ON CONFLICT (match_id, slot)
       DO UPDATE SET fans = m.fans + excluded.fans,
                     demo_fans = m.demo_fans + excluded.demo_fans,
                     writes = m.writes + 1;

    RETURN v_rated_before + v_added;
END;
$$ LANGUAGE plpgsql;
"""
POSTGRESQL_DROP = """
DROP FUNCTION IF EXISTS ratings_save_scores(
    bigint, bigint, bigint, bigint, integer, bigint[], integer[], timestamptz, timestamptz,
    integer, bigint
);
"""


def replace_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_0007_sql.POSTGRESQL_DROP, params=None)
        schema_editor.execute(POSTGRESQL_CREATE, params=None)


def restore_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP, params=None)
        schema_editor.execute(_0007_sql.POSTGRESQL_CREATE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("ratings", "0007_save_scores_function"),
    ]

    operations = [
        migrations.CreateModel(
            name="WriteCount",
            fields=[
                (
                    "fan",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("window_start", models.BigIntegerField(help_text="Unix time, in seconds.")),
                ("writes", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(replace_function, restore_function),
    ]
