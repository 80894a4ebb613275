-- Lead search (see migrations 20261205010000_lead_search_indexes and 20261207020000_lead_search_speed):
-- the ids of one page of the lead list, in its keyset order, for the agency in app.tenant_id only,
-- found through the indexes that row-level security keeps from astor_app (trigrams on searchText,
-- GIN on tags, enums in btrees). It runs as astor_lookup and returns ids, never a lead's data: the
-- caller reads the rows as astor_app, under row-level security, in the same statement
-- (prisma/repositories/lead-list.ts).
-- Replaced as a whole on every migrate (prisma/migrate.ts).
CREATE OR REPLACE FUNCTION astor_lead_search(
  p_patterns text[], p_tag text, p_zone_key text, p_stages text[], p_origins text[], p_agent text,
  p_created_from timestamptz, p_created_to timestamptz,
  p_sort text, p_descending boolean, p_after_value timestamptz, p_after_id uuid, p_limit integer)
RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_tenant uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
  v_direction text := CASE WHEN p_descending THEN 'DESC' ELSE 'ASC' END;
  -- Leads read in list order before the trigram index is asked, first and at most. By creation date
  -- they come from the covering index on searchText (index only), by update date from the table.
  v_probe integer := CASE WHEN p_sort = 'createdAt' THEN 1000 ELSE 200 END;
  v_longest_walk integer := CASE WHEN p_sort = 'createdAt' THEN 40000 ELSE 1000 END;
  -- Text holding five digits in a row (a phone number, a DNI) belongs to a lead or a few.
  v_identifier boolean := EXISTS (SELECT FROM unnest(p_patterns) AS pattern WHERE pattern ~ '[0-9]{5}');
  v_walk integer;
  v_walked integer := 0;
  v_order text;
  v_after text;
  v_others text;
  v_walk_sql text;
  v_found integer := 0;
  v_step_found integer;
  v_started timestamptz;
  v_row record;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'astor_lead_search needs app.tenant_id';
  END IF;
  IF p_sort NOT IN ('createdAt', 'updatedAt') THEN
    RAISE EXCEPTION 'astor_lead_search cannot sort on %', p_sort;
  END IF;
  v_order := format(' ORDER BY %1$I %2$s, id %2$s', p_sort, v_direction);
  v_after := format(' AND (%I, id) %s ($6 AT TIME ZONE ''UTC'', $7)', p_sort, CASE WHEN p_descending THEN '<' ELSE '>' END);
  v_others := CASE WHEN p_tag IS NULL THEN '' ELSE ' AND tags @> ARRAY[$3]' END
    || CASE WHEN p_zone_key IS NULL THEN '' ELSE ' AND "searchZoneKey" = $4' END
    || CASE WHEN p_stages IS NULL THEN '' ELSE ' AND stage = ANY ($5::"LeadStage"[])' END
    || CASE WHEN p_origins IS NULL THEN '' ELSE ' AND origin = ANY ($9::"LeadOrigin"[])' END
    || CASE WHEN p_agent IS NULL THEN '' WHEN p_agent = 'none' THEN ' AND "assignedAgentId" IS NULL' ELSE ' AND "assignedAgentId" = $10::uuid' END
    || CASE WHEN p_created_from IS NULL THEN '' ELSE ' AND "createdAt" >= $11 AT TIME ZONE ''UTC''' END
    || CASE WHEN p_created_to IS NULL THEN '' ELSE ' AND "createdAt" < $12 AT TIME ZONE ''UTC''' END;

  -- Free text: PostgreSQL cannot tell how common a piece of text is (a frequent surname fills the
  -- page within a few hundred leads, a name in one lead of 400 within about 20,000, a phone number
  -- matches once in the agency), and the trigram index costs about as much for a name in 400 as for
  -- one in 40 (it goes through every lead holding the name's rarest trigram). So read the next leads
  -- in order, from the covering index: a probe, then walks sized by the matches found so far, while
  -- the whole stays within the longest walk and each lead costs what an index entry costs (without
  -- the visibility map every lead is a table page: stop), and only then the trigram index. The walk
  -- reads (id, date, searchText), and the table for its matches alone when other filters apply.
  IF p_patterns IS NOT NULL THEN
    v_walk_sql := format('SELECT nearest.id, nearest.%1$I AT TIME ZONE ''UTC'' AS position FROM (SELECT id, %1$I, "searchText" FROM "Lead" WHERE "tenantId" = $1', p_sort)
      || '%s' || v_order || ' LIMIT $13) AS nearest WHERE "searchText" LIKE ANY ($2)'
      || CASE WHEN v_others = '' THEN '' ELSE ' AND EXISTS (SELECT FROM "Lead" WHERE "Lead".id = nearest.id AND "Lead"."tenantId" = $1' || v_others || ')' END
      || v_order || ' LIMIT $8';
    v_walk := v_probe;
    LOOP
      v_step_found := 0;
      v_started := clock_timestamp();
      FOR v_row IN EXECUTE format(v_walk_sql, CASE WHEN p_after_id IS NULL THEN '' ELSE v_after END)
        USING v_tenant, p_patterns, p_tag, p_zone_key, p_stages, p_after_value, p_after_id, p_limit - v_found, p_origins, p_agent, p_created_from, p_created_to, v_walk
      LOOP
        RETURN NEXT v_row.id;
        v_found := v_found + 1;
        v_step_found := v_step_found + 1;
        p_after_value := v_row.position;
        p_after_id := v_row.id;
      END LOOP;
      IF v_found = p_limit THEN
        RETURN;
      END IF;
      v_walked := v_walked + v_walk;
      -- More than 5 µs a lead: the walk visits the table.
      EXIT WHEN p_sort = 'createdAt' AND extract(epoch FROM clock_timestamp() - v_started) * 1000000 > 5 * v_walk;
      IF v_step_found = 0 THEN
        -- Nothing yet: one longer walk (text that matches in bursts), unless the text is an identifier.
        EXIT WHEN v_identifier OR v_walked > v_probe;
        v_walk := 4 * v_walk;
      ELSE
        -- The rest of the page at the density this walk found, half as much again for safety.
        v_walk := ceil(1.5 * (p_limit - v_found) * v_walk / v_step_found)::integer;
      END IF;
      EXIT WHEN v_walked + v_walk > v_longest_walk;
    END LOOP;
  END IF;

  -- Built per call so the planner sees the values: rare text goes through the trigram index, a
  -- zone through its covering index (stage and tags are tested on its entries).
  RETURN QUERY EXECUTE
    'SELECT id FROM "Lead" WHERE "tenantId" = $1'
    || CASE WHEN p_after_id IS NULL THEN '' ELSE v_after END
    || CASE WHEN p_patterns IS NULL THEN '' ELSE ' AND "searchText" LIKE ANY ($2)' END
    || v_others || v_order || ' LIMIT $8'
    USING v_tenant, p_patterns, p_tag, p_zone_key, p_stages, p_after_value, p_after_id, p_limit - v_found, p_origins, p_agent, p_created_from, p_created_to;
END $$;

ALTER FUNCTION astor_lead_search(text[], text, text, text[], text[], text, timestamptz, timestamptz, text, boolean, timestamptz, uuid, integer) OWNER TO astor_lookup;
REVOKE ALL ON FUNCTION astor_lead_search(text[], text, text, text[], text[], text, timestamptz, timestamptz, text, boolean, timestamptz, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astor_lead_search(text[], text, text, text[], text[], text, timestamptz, timestamptz, text, boolean, timestamptz, uuid, integer) TO astor_app;
