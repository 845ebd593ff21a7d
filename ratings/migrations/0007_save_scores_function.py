"""On PostgreSQL, a fan's scores are saved by one function call: one round trip.

ratings.models._save_scores on PostgreSQL calls ratings_save_scores(); elsewhere it runs
the same steps from Python, one statement each, in a transaction. The steps, in order:

1. Lock the fan's row (one fan's writes queue up, so the votes read next stay true) and
   read their club (which side their votes count for) and whether they are a demo fan;
   refuse (nothing written) when the match's rating window is not open at that moment or
   a player is not in its line-up, as the database has them now: the pages' copy of the
   match may be a moment old.
2. Count their votes on the match before this save (a first vote makes them a new fan).
3. Add -1 to the tally of each score being replaced and +1 to each new one, in one
   statement, rows in (appearance, side, score) order like every other writer.
4. Insert the votes, or change the fan's earlier ones.
5. Add to the match's counters: one more fan if this was their first vote, and a write.

Each statement in a PL/pgSQL function sees what the ones before it did and what other
transactions had committed when it started, so step 3 reads the votes as they are once
the lock is held. Returns how many of the match's players the fan has rated now, or a
negative refusal: -1 not open yet, -2 closed, -3 a player not in the line-up, -4 no such
fan. The SQL is written out here, frozen with the migration.
"""

from django.db import migrations

POSTGRESQL_CREATE = """
CREATE FUNCTION ratings_save_scores(
    p_fan bigint, p_match bigint, p_home_team bigint, p_away_team bigint, p_slot integer,
    p_appearance_ids bigint[], p_scores integer[], p_at timestamptz, p_saved_at timestamptz
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
    bigint, bigint, bigint, bigint, integer, bigint[], integer[], timestamptz, timestamptz
);
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE, params=None)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("ratings", "0006_demo_match"),
    ]

    operations = [migrations.RunPython(create_function, drop_function)]
