-- Set when a running campaign is asked to cancel: the batch sending for it stops at once, before the workflow ends it
ALTER TABLE "Campaign" ADD COLUMN "cancelRequestedAt" TIMESTAMP(3);
