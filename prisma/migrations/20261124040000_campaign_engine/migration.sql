-- DropIndex
DROP INDEX "CampaignRecipient_tenantId_providerMessageId_idx";

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "parentId" UUID,
ADD COLUMN     "scheduledAt" TIMESTAMP(3),
ADD COLUMN     "statusReason" TEXT;

-- AlterTable
ALTER TABLE "CampaignRecipient" ADD COLUMN     "messageId" UUID;

-- AlterTable
ALTER TABLE "WhatsAppChannel" ADD COLUMN     "messagesPerSecond" INTEGER NOT NULL DEFAULT 80;

-- CreateIndex
CREATE INDEX "CampaignRecipient_tenantId_messageId_idx" ON "CampaignRecipient"("tenantId", "messageId");

-- CreateIndex
CREATE INDEX "CampaignRecipient_tenantId_leadId_sentAt_idx" ON "CampaignRecipient"("tenantId", "leadId", "sentAt");

