-- Set while the agency's WhatsApp messaging limit holds the rest of a running campaign back: until when.
ALTER TABLE "Campaign" ADD COLUMN "capacityUntil" TIMESTAMP(3);
