-- The most recipients an admin lets a campaign reach, taken in the audience's order (null: all of it).
ALTER TABLE "Campaign" ADD COLUMN "maxRecipients" INTEGER;
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_maxRecipients_positive" CHECK ("maxRecipients" IS NULL OR "maxRecipients" > 0);
