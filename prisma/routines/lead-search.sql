-- Lead search (see migration 20261205010000_lead_search_indexes): the ids of one page of the lead
-- list, in its keyset order, for the agency in app.tenant_id only, found through the indexes that
-- row-level security keeps from astor_app (trigrams on searchText, GIN on tags, enums in btrees). It runs as
-- astor_lookup and returns ids, never a lead's data: the caller reads the rows as astor_app, under
-- row-level security, with every filter of the list applied again (prisma/repositories/lead-list.ts).
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
  v_order text;
  v_after text;
  v_filters text;
  v_found integer := 0;
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
  v_filters := CASE WHEN p_patterns IS NULL THEN '' ELSE ' AND "searchText" LIKE ANY ($2)' END
    || CASE WHEN p_tag IS NULL THEN '' ELSE ' AND tags @> ARRAY[$3]' END
    || CASE WHEN p_zone_key IS NULL THEN '' ELSE ' AND "searchZoneKey" = $4' END
    || CASE WHEN p_stages IS NULL THEN '' ELSE ' AND stage = ANY ($5::"LeadStage"[])' END
    || CASE WHEN p_origins IS NULL THEN '' ELSE ' AND origin = ANY ($9::"LeadOrigin"[])' END
    || CASE WHEN p_agent IS NULL THEN '' WHEN p_agent = 'none' THEN ' AND "assignedAgentId" IS NULL' ELSE ' AND "assignedAgentId" = $10::uuid' END
    || CASE WHEN p_created_from IS NULL THEN '' ELSE ' AND "createdAt" >= $11 AT TIME ZONE ''UTC''' END
    || CASE WHEN p_created_to IS NULL THEN '' ELSE ' AND "createdAt" < $12 AT TIME ZONE ''UTC''' END;

  -- Common text (a frequent surname) fills the page from the next thousand leads in order: read
  -- them first, whatever the planner estimates, and stop there when they hold the page.
  IF p_patterns IS NOT NULL THEN
    FOR v_row IN EXECUTE
      format('SELECT id, %I AT TIME ZONE ''UTC'' AS position FROM (SELECT id, "createdAt", "updatedAt", "searchText", tags, "searchZoneKey", stage, origin, "assignedAgentId" FROM "Lead" WHERE "tenantId" = $1', p_sort)
      || CASE WHEN p_after_id IS NULL THEN '' ELSE v_after END
      || v_order || ' LIMIT 1000) AS nearest WHERE true' || v_filters || v_order || ' LIMIT $8'
      USING v_tenant, p_patterns, p_tag, p_zone_key, p_stages, p_after_value, p_after_id, p_limit, p_origins, p_agent, p_created_from, p_created_to
    LOOP
      RETURN NEXT v_row.id;
      v_found := v_found + 1;
      p_after_value := v_row.position;
      p_after_id := v_row.id;
    END LOOP;
    IF v_found = p_limit THEN
      RETURN;
    END IF;
  END IF;

  -- Built per call so the planner sees the values: rare text goes through the trigram index, a
  -- zone with a stage through their own index.
  RETURN QUERY EXECUTE
    'SELECT id FROM "Lead" WHERE "tenantId" = $1'
    || CASE WHEN p_after_id IS NULL THEN '' ELSE v_after END
    || v_filters || v_order || ' LIMIT $8'
    USING v_tenant, p_patterns, p_tag, p_zone_key, p_stages, p_after_value, p_after_id, p_limit - v_found, p_origins, p_agent, p_created_from, p_created_to;
END $$;

ALTER FUNCTION astor_lead_search(text[], text, text, text[], text[], text, timestamptz, timestamptz, text, boolean, timestamptz, uuid, integer) OWNER TO astor_lookup;
REVOKE ALL ON FUNCTION astor_lead_search(text[], text, text, text[], text[], text, timestamptz, timestamptz, text, boolean, timestamptz, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astor_lead_search(text[], text, text, text[], text[], text, timestamptz, timestamptz, text, boolean, timestamptz, uuid, integer) TO astor_app;
