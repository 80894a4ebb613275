-- A campaign's cost estimated at launch, and Meta's pricing of each message as its statuses report it.
ALTER TABLE "Campaign" ADD COLUMN "estimatedCost" JSONB;
ALTER TABLE "Message"
  ADD COLUMN "billable" BOOLEAN,
  ADD COLUMN "pricingCategory" TEXT;
