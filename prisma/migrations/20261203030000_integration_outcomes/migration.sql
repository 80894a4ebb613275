-- What an admin reads about each integration: when a real call last worked, when one last failed, and why.
ALTER TABLE "TenantIntegration" ADD COLUMN "lastSuccessAt" TIMESTAMP(3), ADD COLUMN "lastErrorAt" TIMESTAMP(3), ADD COLUMN "lastErrorCategory" TEXT;
UPDATE "TenantIntegration" SET "lastSuccessAt" = "lastCheckedAt" WHERE health = 'HEALTHY';
UPDATE "TenantIntegration" SET "lastErrorAt" = "lastCheckedAt" WHERE health = 'UNHEALTHY';
