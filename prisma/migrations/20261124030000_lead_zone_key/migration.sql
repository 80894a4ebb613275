-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "searchZoneKey" TEXT GENERATED ALWAYS AS (lower("searchZone")) STORED;

-- CreateIndex
CREATE INDEX "Lead_tenantId_searchZoneKey_createdAt_id_idx" ON "Lead"("tenantId", "searchZoneKey", "createdAt" DESC, "id" DESC);


-- LIKE and ILIKE are not leakproof, so under row-level security PostgreSQL will not use them as
-- index conditions: the zone filter moves to equality on this lower-cased key, and the trigram
-- index on the zone is dropped.
DROP INDEX "Lead_tenantId_searchZone_trgm_idx";
