-- Free-text search by creation date (astor_lead_search, prisma/routines/lead-search.sql) first reads
-- the agency's next leads in list order and tests searchText on each: a frequent surname fills the
-- page within a few hundred leads, a name in one lead of 400 within about 20,000. Read from the
-- table that is one page visit per lead (20 to 30 ms for a thousand), read from this index alone it
-- is a few milliseconds for 20,000. Kept beside Lead_tenantId_createdAt_id_idx, which schema.prisma
-- declares and the plain list uses. Index-only scans need the visibility map: recently written pages
-- are read from the table, and the function times its probe so such walks stay short.
CREATE INDEX "Lead_tenantId_createdAt_id_searchText_idx" ON "Lead"("tenantId", "createdAt" DESC, "id" DESC) INCLUDE ("searchText");

-- A zone with a stage and a tag, in list order: the zone's entries come in list order and the stage
-- and tag are tested on them, not on the table row by row. Not (zone, stage, date): astor_lookup
-- reads under a policy, so a condition that is not leakproof (= on an enum) cannot make an index
-- column constant for ordering, and Lead_tenantId_searchZoneKey_stage_createdAt_id_idx can only
-- hand over a zone's stage to be sorted whole. Same key as Lead_tenantId_searchZoneKey_createdAt_id_idx,
-- which schema.prisma declares: that one can go once the schema stops declaring it.
CREATE INDEX "Lead_tenantId_searchZoneKey_createdAt_id_stage_tags_idx" ON "Lead"("tenantId", "searchZoneKey", "createdAt" DESC, "id" DESC) INCLUDE ("stage", "tags");
