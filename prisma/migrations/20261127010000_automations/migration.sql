
-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "trigger" TEXT;

-- CreateIndex
CREATE INDEX "Campaign_tenantId_trigger_idx" ON "Campaign"("tenantId", "trigger");

-- AlterTable
ALTER TABLE "WhatsAppChannel" ADD COLUMN     "sendWindowEnd" TIMESTAMP(3);

