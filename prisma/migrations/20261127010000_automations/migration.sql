
-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "trigger" TEXT;

-- CreateIndex
CREATE INDEX "Campaign_tenantId_trigger_idx" ON "Campaign"("tenantId", "trigger");

