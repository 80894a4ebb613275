-- The business portfolio's messaging limit and the number's quality rating, as Meta last told them
-- (a Graph read on the connection test, or a phone_number_quality_update webhook), and when.
ALTER TABLE "WhatsAppChannel"
  ADD COLUMN "messagingLimitTier" TEXT,
  ADD COLUMN "qualityRating" TEXT,
  ADD COLUMN "qualityEvent" TEXT,
  ADD COLUMN "messagingLimitUpdatedAt" TIMESTAMP(3);
