-- DropIndex
DROP INDEX "Lead_tenantId_createdAt_id_idx";

-- DropIndex
DROP INDEX "Lead_tenantId_stage_createdAt_idx";

-- DropIndex
DROP INDEX "Lead_tenantId_origin_createdAt_idx";

-- DropIndex
DROP INDEX "Lead_tenantId_assignedAgentId_createdAt_idx";

-- DropIndex
DROP INDEX "Lead_tenantId_searchZone_idx";

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "searchText" TEXT GENERATED ALWAYS AS (lower(coalesce("name", '') || ' ' || coalesce("email", '') || ' ' || coalesce("phone", '') || ' ' || coalesce("dni", ''))) STORED;

-- CreateIndex
CREATE INDEX "Lead_tenantId_createdAt_id_idx" ON "Lead"("tenantId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Lead_tenantId_updatedAt_id_idx" ON "Lead"("tenantId", "updatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Lead_tenantId_stage_createdAt_id_idx" ON "Lead"("tenantId", "stage", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Lead_tenantId_origin_createdAt_id_idx" ON "Lead"("tenantId", "origin", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Lead_tenantId_assignedAgentId_createdAt_id_idx" ON "Lead"("tenantId", "assignedAgentId", "createdAt" DESC, "id" DESC);


-- Free-text, zone and tag filters: GIN indexes led by tenantId (btree_gin) so every lookup stays inside one agency.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX "Lead_tenantId_searchText_trgm_idx" ON "Lead" USING gin ("tenantId", "searchText" gin_trgm_ops);
CREATE INDEX "Lead_tenantId_searchZone_trgm_idx" ON "Lead" USING gin ("tenantId", "searchZone" gin_trgm_ops);
CREATE INDEX "Lead_tenantId_tags_idx" ON "Lead" USING gin ("tenantId", "tags");
