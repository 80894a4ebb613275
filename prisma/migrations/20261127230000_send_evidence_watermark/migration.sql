-- A status webhook echoing our key proves the send reached the provider: its arrival time is kept per message,
-- and the newest dispatch so confirmed on a channel tells when an unconfirmed dispatch older than it can be retried.
ALTER TABLE "Message" ADD COLUMN "statusReceivedAt" TIMESTAMP(3);

CREATE INDEX "Message_tenantId_channel_sendAttemptedAt_idx" ON "Message"("tenantId", "channel", "sendAttemptedAt");
