-- Lead search at any agency size (issue 19 item 8). Under row-level security PostgreSQL lets an
-- index answer only leakproof conditions, and LIKE, @> on arrays and = on enums are not leakproof:
-- as astor_app, free text never reached the trigram index on searchText nor a tag the GIN index on
-- tags, and every such search walked the agency's leads. astor_lead_search (prisma/routines/lead-search.sql)
-- finds the ids of a page through those indexes as astor_lookup, kept to the agency in
-- app.tenant_id, while the rows themselves are still read as astor_app under row-level security.
-- astor_lookup reads only the columns that search filters and sorts on.
GRANT SELECT ("id", "tenantId", "searchText", "tags", "searchZoneKey", "stage", "origin", "assignedAgentId", "createdAt", "updatedAt") ON "Lead" TO astor_lookup;
CREATE POLICY lookup_read ON "Lead" FOR SELECT TO astor_lookup USING (true);

-- Stage and zone together, in list order: the tag is then checked on the agency's leads of that
-- zone and stage only (as astor_lookup, enum equality may be an index condition).
CREATE INDEX "Lead_tenantId_searchZoneKey_stage_createdAt_id_idx" ON "Lead"("tenantId", "searchZoneKey", "stage", "createdAt" DESC, "id" DESC);

-- The default sample misjudges how rare a name is (four times too many for a name in 400 leads),
-- and then the planner walks the agency by date instead of asking the trigram index.
ALTER TABLE "Lead" ALTER COLUMN "searchText" SET STATISTICS 1000;
ANALYZE "Lead";
