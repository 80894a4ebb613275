-- The webhook inbox: deliveries are stored in PostgreSQL before they are acknowledged, and the
-- workflow hand-offs they imply wait in an outbox until a relay has handed them to Temporal.
-- The functions with several statements (the edge write, status application, partition upkeep)
-- live in prisma/routines, applied after the migrations.

ALTER TYPE "MessageType" ADD VALUE 'STICKER';
ALTER TYPE "MessageType" ADD VALUE 'CONTACTS';

-- When the conversation workflow took the message up (routing, bot, attribution).
ALTER TABLE "Message" ADD COLUMN "processedAt" TIMESTAMP(3);
-- The provider id of the message this one quotes or answers (WhatsApp context.id).
ALTER TABLE "Message" ADD COLUMN "contextProviderId" TEXT;
-- The contact's reaction to this message, and the time of the reaction it comes from.
ALTER TABLE "Message" ADD COLUMN "contactReaction" TEXT;
ALTER TABLE "Message" ADD COLUMN "contactReactionAt" TIMESTAMP(3);
CREATE INDEX "Message_tenantId_unprocessed_idx" ON "Message"("tenantId", "conversationId") WHERE direction = 'INBOUND' AND "processedAt" IS NULL;

-- Meta's reason for a rejected, paused or disabled template.
ALTER TABLE "WhatsAppTemplate" ADD COLUMN "statusReason" TEXT;

CREATE TABLE "Outbox" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "taskQueue" TEXT DEFAULT NULLIF(current_setting('astor.task_queue', true), ''),
    "orderKey" TEXT,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "Outbox_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Outbox_tenantId_orderKey_id_idx" ON "Outbox"("tenantId", "orderKey", "id");
ALTER TABLE "Outbox" ADD CONSTRAINT "Outbox_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "PendingStatus" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "providerMessageId" TEXT NOT NULL,
    "update" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingStatus_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "PendingStatus_tenantId_providerMessageId_idx" ON "PendingStatus"("tenantId", "providerMessageId");
ALTER TABLE "PendingStatus" ADD CONSTRAINT "PendingStatus_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The exact bytes of every accepted delivery, per agency, one partition per day (dropping a day is cheap).
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "body" BYTEA NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("receivedAt", "id")
) PARTITION BY RANGE ("receivedAt");
CREATE TABLE "WebhookDelivery_default" PARTITION OF "WebhookDelivery" DEFAULT;
CREATE INDEX "WebhookDelivery_tenantId_receivedAt_idx" ON "WebhookDelivery"("tenantId", "receivedAt" DESC);
CREATE INDEX "WebhookDelivery_tenantId_id_idx" ON "WebhookDelivery"("tenantId", "id");
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Deliveries for a number or page no agency owns yet: kept a day, then routed to whoever connects it.
CREATE TABLE "HeldDelivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "routeKind" TEXT NOT NULL,
    "routeId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "body" BYTEA NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HeldDelivery_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "HeldDelivery_routeKind_routeId_receivedAt_idx" ON "HeldDelivery"("routeKind", "routeId", "receivedAt");

ALTER TABLE "Outbox" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Outbox" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Outbox"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "PendingStatus" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PendingStatus" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "PendingStatus"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "WebhookDelivery" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "WebhookDelivery" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "WebhookDelivery"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- The upkeep function (prisma/routines) runs as the owner and ages out statuses that never met their message.
CREATE POLICY owner_purge ON "PendingStatus" FOR DELETE TO CURRENT_USER USING (true);

GRANT USAGE ON SEQUENCE "Outbox_id_seq", "PendingStatus_id_seq" TO astor_app;
-- Partitions are reached through their parent only, where row-level security applies.
REVOKE ALL ON "WebhookDelivery_default" FROM astor_app;

-- The relay hands outbox rows of every agency to Temporal through these narrow functions only.
GRANT SELECT, UPDATE, DELETE ON "Outbox" TO astor_relay;
CREATE POLICY relay_all ON "Outbox" TO astor_relay USING (true) WITH CHECK (true);

-- Claims available rows of a task queue (the edge write stamps its own, rows written elsewhere have
-- none and go to any relay), skipping those another relay holds, and keeping each order key in order:
-- a row waits while an earlier row of its key is held elsewhere or waiting for a retry.
CREATE FUNCTION astor_outbox_claim(p_task_queue text, p_limit integer)
RETURNS TABLE (id bigint, tenant_id uuid, kind text, payload jsonb, attempts integer)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH claimed AS MATERIALIZED (
    SELECT o.id, o."tenantId", o.kind, o."orderKey", o.payload, o.attempts FROM "Outbox" o
    WHERE o."availableAt" <= LOCALTIMESTAMP AND (o."taskQueue" = p_task_queue OR o."taskQueue" IS NULL) ORDER BY o.id LIMIT p_limit FOR UPDATE SKIP LOCKED
  )
  SELECT c.id, c."tenantId", c.kind, c.payload, c.attempts FROM claimed c
  WHERE c."orderKey" IS NULL OR NOT EXISTS (
    SELECT 1 FROM "Outbox" e WHERE e."tenantId" = c."tenantId" AND e."orderKey" = c."orderKey" AND e.id < c.id AND e.id NOT IN (SELECT id FROM claimed)
  )
  ORDER BY c.id
$$;

CREATE FUNCTION astor_outbox_complete(p_ids bigint[])
RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH done AS (DELETE FROM "Outbox" WHERE id = ANY(p_ids) RETURNING 1) SELECT count(*)::integer FROM done
$$;

-- A row Temporal did not accept is tried again later: 1 s, 2 s, 4 s ... at most a minute apart.
CREATE FUNCTION astor_outbox_retry(p_ids bigint[], p_error text)
RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH retried AS (
    UPDATE "Outbox" SET attempts = attempts + 1, "lastError" = left(p_error, 1000),
      "availableAt" = LOCALTIMESTAMP + least(interval '60 seconds', interval '1 second' * power(2, least(attempts, 6)))
    WHERE id = ANY(p_ids) RETURNING 1
  ) SELECT count(*)::integer FROM retried
$$;

CREATE FUNCTION astor_outbox_stats()
RETURNS TABLE (depth bigint, oldest_age_ms bigint, retrying bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT count(*), COALESCE((extract(epoch FROM LOCALTIMESTAMP - min("createdAt")) * 1000)::bigint, 0), count(*) FILTER (WHERE attempts > 0) FROM "Outbox"
$$;

ALTER FUNCTION astor_outbox_claim(text, integer) OWNER TO astor_relay;
ALTER FUNCTION astor_outbox_complete(bigint[]) OWNER TO astor_relay;
ALTER FUNCTION astor_outbox_retry(bigint[], text) OWNER TO astor_relay;
ALTER FUNCTION astor_outbox_stats() OWNER TO astor_relay;
REVOKE ALL ON FUNCTION astor_outbox_claim(text, integer), astor_outbox_complete(bigint[]), astor_outbox_retry(bigint[], text), astor_outbox_stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astor_outbox_claim(text, integer), astor_outbox_complete(bigint[]), astor_outbox_retry(bigint[], text), astor_outbox_stats() TO astor_app;
