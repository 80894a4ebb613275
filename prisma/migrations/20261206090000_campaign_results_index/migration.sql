-- The dashboard's campaign results per day find the agency's recipients by send date (the last
-- 14 or 30 days plus a 30-day lookback) instead of reading every recipient the agency ever had.
CREATE INDEX "CampaignRecipient_tenantId_sentAt_idx" ON "CampaignRecipient"("tenantId", "sentAt");
