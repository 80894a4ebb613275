-- Imports: a spreadsheet's dry run, its application and its undo, per agency.
CREATE TYPE "ImportEntity" AS ENUM ('LEADS', 'PROPERTIES');
CREATE TYPE "ImportStatus" AS ENUM ('DRY_RUN', 'APPLYING', 'APPLIED', 'UNDOING', 'UNDONE', 'FAILED');
CREATE TYPE "ImportRowOutcome" AS ENUM ('CREATE', 'MERGE', 'REFUSE');

CREATE TABLE "DataImport" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "entity" "ImportEntity" NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'DRY_RUN',
    "fileName" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "headers" TEXT[],
    "planned" JSONB NOT NULL,
    "totalsBefore" INTEGER,
    "totalsAfter" INTEGER,
    "createdById" UUID,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),
    "undoneAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "DataImport_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DataImport_tenantId_id_key" ON "DataImport"("tenantId", "id");
CREATE INDEX "DataImport_tenantId_createdAt_idx" ON "DataImport"("tenantId", "createdAt" DESC);
ALTER TABLE "DataImport" ADD CONSTRAINT "DataImport_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "DataImportRow" (
    "tenantId" UUID NOT NULL,
    "importId" UUID NOT NULL,
    "row" INTEGER NOT NULL,
    "outcome" "ImportRowOutcome" NOT NULL,
    "values" JSONB,
    "errors" JSONB,
    "targetId" UUID,
    "intoRow" INTEGER,
    "changes" JSONB,
    "appliedAt" TIMESTAMP(3),
    "undo" TEXT,
    CONSTRAINT "DataImportRow_pkey" PRIMARY KEY ("tenantId", "importId", "row")
);
ALTER TABLE "DataImportRow" ADD CONSTRAINT "DataImportRow_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DataImportRow" ADD CONSTRAINT "DataImportRow_tenantId_importId_fkey" FOREIGN KEY ("tenantId", "importId") REFERENCES "DataImport"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ImportMapping" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "entity" "ImportEntity" NOT NULL,
    "name" TEXT NOT NULL,
    "columns" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ImportMapping_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ImportMapping_tenantId_entity_name_key" ON "ImportMapping"("tenantId", "entity", "name");
ALTER TABLE "ImportMapping" ADD CONSTRAINT "ImportMapping_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "DataImport" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "DataImport" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "DataImport"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "DataImportRow" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "DataImportRow" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "DataImportRow"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "ImportMapping" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ImportMapping" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ImportMapping"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
