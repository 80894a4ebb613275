-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lastAssignedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "slaBreaches" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "waitingSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "sendAttemptedAt" TIMESTAMP(3);


-- One open conversation per contact and channel in an agency (closed ones are history).
CREATE UNIQUE INDEX "Conversation_tenantId_channel_contact_open_key" ON "Conversation"("tenantId", "channel", "contact") WHERE status = 'OPEN';
