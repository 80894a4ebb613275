-- The webhook inbox's edge write: what a delivery changes in PostgreSQL before it is acknowledged.
-- Replaced as a whole on every migrate (prisma/migrate.ts). Functions run as the caller (astor_app),
-- so row-level security applies to every statement: each agency's part runs under its own
-- app.tenant_id. Timestamps are UTC, like the ones Prisma writes.

CREATE OR REPLACE FUNCTION astor_utc_now() RETURNS timestamp(3)
LANGUAGE sql STABLE AS $$ SELECT (now() AT TIME ZONE 'UTC')::timestamp(3) $$;

CREATE OR REPLACE FUNCTION astor_utc(p_iso text) RETURNS timestamp(3)
LANGUAGE sql IMMUTABLE AS $$ SELECT (p_iso::timestamptz AT TIME ZONE 'UTC')::timestamp(3) $$;

CREATE OR REPLACE FUNCTION astor_status_rank(p_status "MessageStatus") RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_status WHEN 'RECEIVED' THEN 0 WHEN 'QUEUED' THEN 1 WHEN 'SENT' THEN 2 WHEN 'DELIVERED' THEN 3 WHEN 'READ' THEN 4 ELSE 5 END
$$;

-- Statuses arrive out of order and repeated: a message only moves forward (a failure after "read" is ignored).
CREATE OR REPLACE FUNCTION astor_status_advances(p_current "MessageStatus", p_next "MessageStatus") RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_next = 'FAILED' THEN p_current NOT IN ('READ', 'FAILED')
              ELSE p_current <> 'FAILED' AND astor_status_rank(p_next) > astor_status_rank(p_current) END
$$;

-- The agency's bot answers a new conversation: ManyChat and UChat flows always, Astor's assistant when enabled.
CREATE OR REPLACE FUNCTION astor_bot_answers(p_tenant uuid, p_channel "Channel") RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT p_channel IN ('MANYCHAT', 'UCHAT')
      OR (COALESCE((SELECT NOT (settings -> 'botEnabled' = 'false'::jsonb) FROM "Tenant" WHERE id = p_tenant), true)
          AND EXISTS (SELECT 1 FROM "Assistant" WHERE "tenantId" = p_tenant AND active))
$$;

-- The agent inbox's live event about a conversation.
CREATE OR REPLACE FUNCTION astor_inbox_event(p_tenant uuid, p_type text, p_conversation uuid, p_assignee uuid, p_extra jsonb) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT (jsonb_build_object('tenantId', p_tenant, 'type', p_type, 'conversationId', p_conversation, 'assigneeId', p_assignee,
    'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) || p_extra)::text
$$;

-- Publishes an inbox event, or inside astor_ingest keeps it (astor.inbox_events, one per line) for
-- astor_publish_inbox after the commit: a transaction that notifies holds PostgreSQL's one
-- notify-queue lock through its commit's WAL flush, so edge writes that notified committed one at a
-- time. The edge write's own events travel in its return value; this setting only carries the
-- rare ones a trigger raises inside it.
CREATE OR REPLACE FUNCTION astor_publish_inbox_event(p_event text) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF p_event IS NULL THEN RETURN; END IF;
  IF current_setting('astor.defer_notify', true) = 'on' THEN
    PERFORM set_config('astor.inbox_events', current_setting('astor.inbox_events', true) || p_event || E'\n', true);
  ELSE
    PERFORM pg_notify('astor_inbox', p_event);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION astor_notify_inbox(p_tenant uuid, p_type text, p_conversation uuid, p_assignee uuid, p_extra jsonb) RETURNS void
LANGUAGE sql VOLATILE AS $$ SELECT astor_publish_inbox_event(astor_inbox_event(p_tenant, p_type, p_conversation, p_assignee, p_extra)) $$;

-- The edge write's notifications, once it committed: with an asynchronous commit, so the notify-queue
-- lock is not held through a WAL flush (losing a notification in a crash loses nothing stored).
CREATE OR REPLACE FUNCTION astor_publish_inbox(p_events text, p_outbox boolean) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM pg_notify('astor_inbox', e) FROM unnest(string_to_array(rtrim(p_events, E'\n'), E'\n')) e WHERE e <> '';
  IF p_outbox THEN PERFORM pg_notify('astor_outbox', ''); END IF;
END $$;

-- Applies one delivery status to a message it names (the caller holds the row, read after any change
-- of it). Answers the inbox event to publish, or null.
DROP FUNCTION IF EXISTS astor_apply_status(uuid, "Message", jsonb);
CREATE FUNCTION astor_apply_status(p_tenant uuid, p_message "Message", p_update jsonb) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  v_next "MessageStatus" := upper(p_update ->> 'status')::"MessageStatus";
  v_at timestamp(3) := astor_utc(p_update ->> 'at');
  v_now timestamp(3) := astor_utc_now();
  v_current "MessageStatus" := p_message.status;
  v_advances boolean;
  v_failed boolean := v_next = 'FAILED';
  v_code text := p_update -> 'error' ->> 'code';
  v_title text := p_update -> 'error' ->> 'title';
  v_pricing jsonb := p_update -> 'pricing';
  v_assignee uuid;
  v_event text;
BEGIN
  IF p_message."providerMessageId" IS NULL THEN
    -- Adopting the id applies what waited for it (the trigger below), so the status is read afterwards.
    UPDATE "Message" SET "providerMessageId" = p_update ->> 'providerMessageId' WHERE id = p_message.id;
    SELECT status INTO v_current FROM "Message" WHERE id = p_message.id;
  END IF;
  v_advances := astor_status_advances(v_current, v_next);
  -- Meta's pricing comes on the sent and delivered statuses: one that arrives late still tells it.
  IF NOT v_advances AND v_pricing IS NOT NULL THEN
    UPDATE "Message" SET billable = (v_pricing ->> 'billable')::boolean, "pricingCategory" = v_pricing ->> 'category', "updatedAt" = v_now
    WHERE id = p_message.id AND billable IS NULL;
  END IF;
  IF v_advances THEN
    UPDATE "Message" SET status = v_next,
      "sentAt" = CASE WHEN v_next = 'SENT' THEN v_at ELSE "sentAt" END,
      "deliveredAt" = CASE WHEN v_next = 'DELIVERED' THEN v_at ELSE "deliveredAt" END,
      "readAt" = CASE WHEN v_next = 'READ' THEN v_at ELSE "readAt" END,
      "failedAt" = CASE WHEN v_failed THEN v_at ELSE "failedAt" END,
      "errorCode" = CASE WHEN v_failed THEN v_code ELSE "errorCode" END,
      "errorMessage" = CASE WHEN v_failed THEN v_title || COALESCE(': ' || (p_update -> 'error' ->> 'message'), '') ELSE "errorMessage" END,
      billable = COALESCE((v_pricing ->> 'billable')::boolean, billable),
      "pricingCategory" = COALESCE(v_pricing ->> 'category', "pricingCategory"),
      "updatedAt" = v_now
    WHERE id = p_message.id
    RETURNING (SELECT c."assigneeId" FROM "Conversation" c WHERE c."tenantId" = p_tenant AND c.id = p_message."conversationId") INTO v_assignee;
    IF p_message."campaignId" IS NOT NULL THEN
      -- A campaign recipient moves forward only; "sent" settles one whose send outcome was lost with a worker.
      -- 131049 is Meta's per-user cap on marketing (integrations/whatsapp-cloud/graph-errors.ts): declined, not failed.
      UPDATE "CampaignRecipient" SET status = (CASE WHEN v_failed AND v_code = '131049' THEN 'DECLINED' ELSE v_next::text END)::"RecipientStatus",
        "sentAt" = CASE WHEN v_next = 'SENT' THEN v_at ELSE "sentAt" END,
        "deliveredAt" = CASE WHEN v_next = 'DELIVERED' THEN v_at ELSE "deliveredAt" END,
        "readAt" = CASE WHEN v_next = 'READ' THEN v_at ELSE "readAt" END,
        "errorCode" = CASE WHEN v_failed THEN v_code ELSE "errorCode" END,
        "errorMessage" = CASE WHEN v_failed THEN v_title ELSE "errorMessage" END,
        "providerMessageId" = p_update ->> 'providerMessageId', "updatedAt" = v_now
      WHERE "tenantId" = p_tenant AND "messageId" = p_message.id AND status = ANY (CASE v_next
        WHEN 'SENT' THEN ARRAY['SENDING']::"RecipientStatus"[]
        WHEN 'DELIVERED' THEN ARRAY['PENDING', 'SENDING', 'SENT']::"RecipientStatus"[]
        ELSE ARRAY['PENDING', 'SENDING', 'SENT', 'DELIVERED']::"RecipientStatus"[] END);
    END IF;
    IF v_failed THEN
      INSERT INTO "Event" (id, "tenantId", "leadId", type, payload, "createdAt")
      VALUES (gen_random_uuid(), p_tenant, p_message."leadId", 'message.failed', jsonb_build_object('messageId', p_message.id, 'code', v_code, 'reason', v_title), v_now);
    END IF;
    IF p_message."conversationId" IS NOT NULL THEN
      v_event := astor_inbox_event(p_tenant, 'message.status', p_message."conversationId", v_assignee, jsonb_build_object('messageId', p_message.id, 'status', v_next));
    END IF;
  END IF;
  -- A failure the agency's WhatsApp Web session may make up for: the fallback workflow decides (once per message).
  IF v_failed AND (v_advances OR v_current = 'FAILED') AND p_message.direction = 'OUTBOUND' AND p_message.channel = 'WHATSAPP_CLOUD'
     AND p_message."campaignId" IS NULL AND EXISTS (SELECT 1 FROM "WhatsAppChannel" WHERE "tenantId" = p_tenant AND "fallbackToWeb") THEN
    INSERT INTO "Outbox" ("tenantId", kind, payload) VALUES (p_tenant, 'message.fallback', jsonb_build_object('messageId', p_message.id));
  END IF;
  RETURN v_event;
END $$;

-- Records a status: the send evidence its echoed key gives, then the status itself, or keeps it
-- until the send records the provider id it names. Answers null when it was kept, else the inbox
-- event to publish ('' for none).
DROP FUNCTION IF EXISTS astor_record_status(uuid, jsonb);
CREATE FUNCTION astor_record_status(p_tenant uuid, p_update jsonb) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  v_id text := p_update ->> 'providerMessageId';
  v_key text := p_update ->> 'callbackData';
  v_message "Message"%ROWTYPE;
  v_found boolean;
BEGIN
  SELECT * INTO v_message FROM "Message" WHERE "tenantId" = p_tenant AND "providerMessageId" = v_id FOR UPDATE;
  v_found := FOUND;
  -- The evidence is recorded once: a message that has its id and its first status has nothing to learn from the key.
  IF v_key IS NOT NULL AND NOT (v_found AND v_message."idempotencyKey" IS NOT DISTINCT FROM v_key AND v_message."statusReceivedAt" IS NOT NULL) THEN
    UPDATE "Message" m SET "providerMessageId" = COALESCE(m."providerMessageId", v_id), "statusReceivedAt" = COALESCE(m."statusReceivedAt", astor_utc_now())
    WHERE m."tenantId" = p_tenant AND m."idempotencyKey" = v_key AND m.direction = 'OUTBOUND'
      AND (m."providerMessageId" IS NULL OR m."statusReceivedAt" IS NULL)
      AND (m."providerMessageId" IS NOT NULL OR NOT EXISTS (SELECT 1 FROM "Message" o WHERE o."tenantId" = p_tenant AND o."providerMessageId" = v_id));
    SELECT * INTO v_message FROM "Message" WHERE "tenantId" = p_tenant AND "providerMessageId" = v_id FOR UPDATE;
    v_found := FOUND;
    IF NOT v_found THEN
      SELECT * INTO v_message FROM "Message" WHERE "tenantId" = p_tenant AND "idempotencyKey" = v_key FOR UPDATE;
      v_found := FOUND;
    END IF;
  END IF;
  IF NOT v_found THEN
    INSERT INTO "PendingStatus" ("tenantId", "providerMessageId", "update") VALUES (p_tenant, v_id, p_update);
    RETURN NULL;
  END IF;
  RETURN COALESCE(astor_apply_status(p_tenant, v_message, p_update), '');
END $$;

-- Statuses that came before their send's provider id are applied the moment any send records it.
CREATE OR REPLACE FUNCTION astor_apply_pending_statuses() RETURNS trigger
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  v_updates jsonb[];
  v_update jsonb;
  v_message "Message"%ROWTYPE;
BEGIN
  WITH taken AS (DELETE FROM "PendingStatus" WHERE "tenantId" = NEW."tenantId" AND "providerMessageId" = NEW."providerMessageId" RETURNING "update")
  SELECT array_agg("update" ORDER BY astor_status_rank(upper("update" ->> 'status')::"MessageStatus")) INTO v_updates FROM taken;
  FOREACH v_update IN ARRAY COALESCE(v_updates, ARRAY[]::jsonb[]) LOOP
    SELECT * INTO v_message FROM "Message" WHERE id = NEW.id;
    PERFORM astor_publish_inbox_event(astor_apply_status(NEW."tenantId", v_message, v_update));
  END LOOP;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS astor_pending_statuses_on_insert ON "Message";
CREATE TRIGGER astor_pending_statuses_on_insert AFTER INSERT ON "Message" FOR EACH ROW
  WHEN (NEW."providerMessageId" IS NOT NULL AND NEW.direction = 'OUTBOUND') EXECUTE FUNCTION astor_apply_pending_statuses();
DROP TRIGGER IF EXISTS astor_pending_statuses_on_update ON "Message";
CREATE TRIGGER astor_pending_statuses_on_update AFTER UPDATE OF "providerMessageId" ON "Message" FOR EACH ROW
  WHEN (NEW."providerMessageId" IS NOT NULL AND OLD."providerMessageId" IS DISTINCT FROM NEW."providerMessageId") EXECUTE FUNCTION astor_apply_pending_statuses();

-- A reaction is kept on the message it targets (the newest reaction wins; an empty emoji removes it).
-- Answers the inbox event to publish, or null.
DROP FUNCTION IF EXISTS astor_record_reaction(uuid, jsonb);
CREATE FUNCTION astor_record_reaction(p_tenant uuid, p_event jsonb) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  v_at timestamp(3) := astor_utc(p_event ->> 'sentAt');
  v_target "Message"%ROWTYPE;
  v_assignee uuid;
BEGIN
  UPDATE "Message" SET "contactReaction" = NULLIF(p_event -> 'reaction' ->> 'emoji', ''), "contactReactionAt" = v_at, "updatedAt" = astor_utc_now()
  WHERE "tenantId" = p_tenant AND "providerMessageId" = p_event -> 'reaction' ->> 'messageId'
    AND ("contactReactionAt" IS NULL OR "contactReactionAt" <= v_at)
  RETURNING * INTO v_target;
  IF NOT FOUND OR v_target."conversationId" IS NULL THEN RETURN NULL; END IF;
  SELECT "assigneeId" INTO v_assignee FROM "Conversation" WHERE "tenantId" = p_tenant AND id = v_target."conversationId";
  RETURN astor_inbox_event(p_tenant, 'message.reaction', v_target."conversationId", v_assignee,
    jsonb_build_object('messageId', v_target.id, 'preview', COALESCE(v_target."contactReaction", '')));
END $$;

-- Stores one inbound message exactly once (per agency and provider id) with its lead (found by
-- phone, or created) and its open conversation (opened if none), fires the inbox's live event, and
-- leaves the hand-offs to the conversation (and, for a new contact, intake) workflow in the outbox.
-- Answers the new message's id (null for a duplicate or a reaction) and the inbox event to publish.
DROP FUNCTION IF EXISTS astor_record_inbound(uuid, jsonb);
CREATE FUNCTION astor_record_inbound(p_tenant uuid, p_event jsonb, OUT message_id uuid, OUT inbox_event text)
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  v_channel "Channel" := (p_event ->> 'channel')::"Channel";
  v_contact text := p_event ->> 'contact';
  v_phone text := p_event ->> 'phone';
  v_sent timestamp(3) := astor_utc(p_event ->> 'sentAt');
  v_now timestamp(3) := astor_utc_now();
  v_referral jsonb := p_event -> 'referral';
  v_lead "Lead"%ROWTYPE;
  v_created boolean := false;
  v_conversation "Conversation"%ROWTYPE;
  v_message uuid;
BEGIN
  IF EXISTS (SELECT 1 FROM "Message" WHERE "tenantId" = p_tenant AND "providerMessageId" = p_event ->> 'providerMessageId') THEN
    RETURN;
  END IF;
  IF p_event ? 'reaction' THEN
    inbox_event := astor_record_reaction(p_tenant, p_event);
    RETURN;
  END IF;

  IF v_phone IS NOT NULL THEN
    SELECT * INTO v_lead FROM "Lead" WHERE "tenantId" = p_tenant AND phone = v_phone;
  ELSE
    SELECT l.* INTO v_lead FROM "Conversation" c JOIN "Lead" l ON l."tenantId" = c."tenantId" AND l.id = c."leadId"
    WHERE c."tenantId" = p_tenant AND c.channel = v_channel AND c.contact = v_contact ORDER BY c."openedAt" DESC LIMIT 1;
  END IF;
  IF v_lead.id IS NULL THEN
    INSERT INTO "Lead" (id, "tenantId", name, phone, email, origin, "sourceDetails", "createdAt", "updatedAt")
    VALUES (gen_random_uuid(), p_tenant, p_event ->> 'name', v_phone, p_event ->> 'email', (p_event ->> 'origin')::"LeadOrigin",
            CASE WHEN v_referral IS NOT NULL THEN jsonb_build_object('adReferral', v_referral) END, v_now, v_now)
    ON CONFLICT ("tenantId", phone) DO NOTHING RETURNING * INTO v_lead;
    IF v_lead.id IS NULL THEN
      SELECT * INTO v_lead FROM "Lead" WHERE "tenantId" = p_tenant AND phone = v_phone;
    ELSE
      v_created := true;
      INSERT INTO "Event" (id, "tenantId", "leadId", type, origin, payload, "createdAt")
      VALUES (gen_random_uuid(), p_tenant, v_lead.id, 'lead.created', v_lead.origin, jsonb_build_object('stage', v_lead.stage, 'providerMessageId', p_event ->> 'providerMessageId'), v_now);
      INSERT INTO "AuditLog" (id, "tenantId", "actorType", action, entity, "entityId", after, "createdAt")
      VALUES (gen_random_uuid(), p_tenant, 'webhook', 'create', 'Lead', v_lead.id::text, to_jsonb(v_lead), v_now);
      IF v_phone IS NOT NULL AND v_channel IN ('WHATSAPP_CLOUD', 'WHATSAPP_WEB') THEN
        INSERT INTO "Outbox" ("tenantId", kind, "orderKey", payload)
        VALUES (p_tenant, 'lead.first_contact', 'lead:' || v_phone, jsonb_build_object('phone', v_phone, 'leadId', v_lead.id, 'origin', v_lead.origin));
      END IF;
    END IF;
  END IF;
  IF v_referral IS NOT NULL THEN
    IF NOT v_created THEN
      UPDATE "Lead" SET "sourceDetails" = COALESCE("sourceDetails", '{}'::jsonb) || jsonb_build_object('adReferral', v_referral), "updatedAt" = v_now
      WHERE "tenantId" = p_tenant AND id = v_lead.id AND ("sourceDetails" -> 'adReferral') IS NULL;
    END IF;
    INSERT INTO "Event" (id, "tenantId", "leadId", type, origin, payload, "createdAt")
    VALUES (gen_random_uuid(), p_tenant, v_lead.id, 'lead.ad_referral', 'META_ADS', jsonb_build_object('referral', v_referral, 'providerMessageId', p_event ->> 'providerMessageId'), v_now);
  END IF;

  SELECT * INTO v_conversation FROM "Conversation" WHERE "tenantId" = p_tenant AND channel = v_channel AND contact = v_contact AND status = 'OPEN';
  IF NOT FOUND THEN
    INSERT INTO "Conversation" (id, "tenantId", "leadId", channel, contact, "botActive", "workflowId", "openedAt", "createdAt", "updatedAt")
    VALUES (gen_random_uuid(), p_tenant, v_lead.id, v_channel, v_contact, astor_bot_answers(p_tenant, v_channel), p_event ->> 'workflowId', v_now, v_now, v_now)
    ON CONFLICT ("tenantId", channel, contact) WHERE status = 'OPEN' DO NOTHING RETURNING * INTO v_conversation;
    IF v_conversation.id IS NULL THEN
      SELECT * INTO v_conversation FROM "Conversation" WHERE "tenantId" = p_tenant AND channel = v_channel AND contact = v_contact AND status = 'OPEN';
    ELSE
      INSERT INTO "Event" (id, "tenantId", "leadId", type, payload, "createdAt")
      VALUES (gen_random_uuid(), p_tenant, v_lead.id, 'conversation.opened', jsonb_build_object('conversationId', v_conversation.id, 'channel', v_channel), v_now);
    END IF;
  END IF;

  INSERT INTO "Message" (id, "tenantId", "conversationId", "leadId", direction, type, channel, body, content, "mimeType", "providerMessageId", status, "sentAt", "contextProviderId", "createdAt", "updatedAt")
  VALUES (gen_random_uuid(), p_tenant, v_conversation.id, v_lead.id, 'INBOUND', (p_event ->> 'type')::"MessageType", v_channel, p_event ->> 'body', p_event -> 'message',
          p_event ->> 'mimeType', p_event ->> 'providerMessageId', 'RECEIVED', v_sent, p_event ->> 'contextId', v_now, v_now)
  ON CONFLICT ("tenantId", "providerMessageId") DO NOTHING RETURNING id INTO v_message;
  IF v_message IS NULL THEN RETURN; END IF;

  UPDATE "Conversation" SET "lastInboundAt" = GREATEST("lastInboundAt", v_sent), "lastMessageAt" = v_now,
    "waitingSince" = CASE WHEN "botActive" OR "waitingSince" IS NOT NULL THEN "waitingSince" ELSE v_now END, "updatedAt" = v_now
  WHERE "tenantId" = p_tenant AND id = v_conversation.id;
  -- A conversation's messages move the lead's updatedAt at most once a minute: it is indexed, and
  -- leaving it alone lets PostgreSQL update the row in place (HOT) instead of rewriting its fifteen index entries.
  UPDATE "Lead" SET "lastInboundAt" = GREATEST("lastInboundAt", v_sent), "lastContactAt" = v_now,
    "updatedAt" = CASE WHEN "updatedAt" < v_now - interval '1 minute' THEN v_now ELSE "updatedAt" END
  WHERE "tenantId" = p_tenant AND id = v_lead.id;
  INSERT INTO "Event" (id, "tenantId", "leadId", type, origin, payload, "createdAt")
  VALUES (gen_random_uuid(), p_tenant, v_lead.id, 'message.inbound', (p_event ->> 'eventOrigin')::"LeadOrigin",
          jsonb_build_object('messageId', v_message, 'conversationId', v_conversation.id, 'preview', p_event ->> 'preview'), v_now);
  inbox_event := astor_inbox_event(p_tenant, 'message.created', v_conversation.id, v_conversation."assigneeId",
    jsonb_build_object('messageId', v_message, 'preview', left(p_event ->> 'preview', 200)));
  INSERT INTO "Outbox" ("tenantId", kind, "orderKey", payload)
  VALUES (p_tenant, 'conversation.inbound', 'conversation:' || v_channel || ':' || v_contact,
          jsonb_build_object('channel', v_channel, 'contact', v_contact, 'messageId', v_message, 'providerMessageId', p_event ->> 'providerMessageId',
                             'workflowId', v_conversation."workflowId"));
  message_id := v_message;
END $$;

-- The agencies an event belongs to: named, or found by the number, page or business account it names.
CREATE OR REPLACE FUNCTION astor_route_tenants(p_route jsonb) RETURNS SETOF uuid
LANGUAGE sql STABLE SET search_path = public AS $$
  SELECT (p_route ->> 'tenantId')::uuid WHERE p_route ? 'tenantId'
  UNION ALL SELECT t FROM astor_tenant_for_phone_number_id(p_route ->> 'phoneNumberId') t WHERE p_route ? 'phoneNumberId' AND t IS NOT NULL
  UNION ALL SELECT t FROM astor_tenant_for_meta_page(p_route ->> 'pageId') t WHERE p_route ? 'pageId' AND t IS NOT NULL
  UNION ALL SELECT astor_tenants_for_business_account_id(p_route ->> 'businessAccountId') WHERE p_route ? 'businessAccountId'
$$;

-- The edge write of a batch of deliveries (p_doc.deliveries, bodies in p_bodies at the same
-- position) and their events (p_doc.events, each naming its delivery `d` and its `route`).
-- Each agency's part runs under its own tenant setting; a delivery for a number or page no
-- agency owns is held. Answers counts for logs and tests.
CREATE OR REPLACE FUNCTION astor_ingest(p_doc jsonb, p_bodies bytea[]) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  v_deliveries jsonb := p_doc -> 'deliveries';
  v_events jsonb := p_doc -> 'events';
  v_routed jsonb;
  v_tenant uuid;
  v_counts jsonb;
  v_order integer[];
  v_index integer;
  v_event jsonb;
  v_kind text;
  v_outbox boolean := false;
  v_inbound integer := 0;
  v_duplicates integer := 0;
  v_applied integer := 0;
  v_pending integer := 0;
  v_held integer := 0;
  v_stored integer := 0;
  v_ids text[];
  v_keys text[];
  v_message uuid;
  v_published text;
  v_inbox_events text[] := '{}';
BEGIN
  PERFORM set_config('astor.task_queue', p_doc ->> 'taskQueue', true);
  PERFORM set_config('astor.defer_notify', 'on', true);
  PERFORM set_config('astor.inbox_events', '', true);
  -- Each route the batch names is looked up once, however many of its events name it.
  WITH routes AS (SELECT DISTINCT e.event -> 'route' AS route FROM jsonb_array_elements(v_events) AS e(event)),
  resolved AS (SELECT r.route, t.tenant FROM routes r LEFT JOIN LATERAL astor_route_tenants(r.route) AS t(tenant) ON true)
  SELECT jsonb_agg(jsonb_build_object('t', x.tenant, 'i', e.ord - 1) ORDER BY x.tenant, e.ord) INTO v_routed
  FROM jsonb_array_elements(v_events) WITH ORDINALITY AS e(event, ord) JOIN resolved x ON x.route = e.event -> 'route';

  WITH held AS (
    INSERT INTO "HeldDelivery" ("routeKind", "routeId", source, body, "receivedAt")
    SELECT DISTINCT k.kind, k.id, v_deliveries -> k.idx ->> 'source', p_bodies[k.idx + 1], astor_utc(v_deliveries -> k.idx ->> 'receivedAt')
    FROM (SELECT v_events -> (r ->> 'i')::int AS event FROM jsonb_array_elements(v_routed) r WHERE r -> 't' = 'null'::jsonb) u
    CROSS JOIN LATERAL (SELECT (u.event ->> 'd')::int AS idx,
                               CASE WHEN u.event -> 'route' ? 'phoneNumberId' THEN 'whatsapp_number' WHEN u.event -> 'route' ? 'pageId' THEN 'meta_page' END AS kind,
                               COALESCE(u.event -> 'route' ->> 'phoneNumberId', u.event -> 'route' ->> 'pageId') AS id) k
    WHERE k.kind IS NOT NULL AND (v_deliveries -> k.idx ->> 'hold')::boolean
    RETURNING 1
  ) SELECT count(*) INTO v_held FROM held;

  -- One walk over the routed events gives each agency its deliveries (with how many of its events each
  -- carried), its events in order and the messages its statuses name.
  FOR v_tenant, v_counts, v_order, v_ids, v_keys IN
    WITH routed AS (
      SELECT (r ->> 't')::uuid AS tenant, (r ->> 'i')::int AS i, v_events -> (r ->> 'i')::int AS e
      FROM jsonb_array_elements(v_routed) r WHERE r -> 't' <> 'null'::jsonb
    ), per_delivery AS (
      SELECT tenant, jsonb_object_agg(d, n) AS counts
      FROM (SELECT tenant, (e ->> 'd')::int AS d, count(*) AS n FROM routed GROUP BY 1, 2) x GROUP BY tenant
    )
    SELECT r.tenant, p.counts, array_agg(r.i ORDER BY r.i),
      array_agg(r.e ->> 'providerMessageId') FILTER (WHERE r.e ->> 'kind' = 'status'),
      array_agg(r.e ->> 'callbackData') FILTER (WHERE r.e ->> 'kind' = 'status' AND r.e ? 'callbackData')
    FROM routed r JOIN per_delivery p USING (tenant) GROUP BY r.tenant, p.counts ORDER BY r.tenant
  LOOP
    PERFORM set_config('app.tenant_id', v_tenant::text, true);
    WITH stored AS (
      INSERT INTO "WebhookDelivery" ("tenantId", "receivedAt", source, body, events)
      SELECT v_tenant, astor_utc(v_deliveries -> c.key::int ->> 'receivedAt'), v_deliveries -> c.key::int ->> 'source', p_bodies[c.key::int + 1], c.value::int
      FROM jsonb_each_text(v_counts) c WHERE (v_deliveries -> c.key::int ->> 'store')::boolean
      RETURNING 1
    ) SELECT v_stored + count(*) INTO v_stored FROM stored;

    -- The messages this agency's statuses name are locked first, in id order: the order the worker
    -- takes them in when it records sends (astor_lock_messages, prisma/routines/sends.sql), so the
    -- two never deadlock.
    -- Arrays, not a join, so each key is an index lookup however many rows the planner guesses.
    IF v_ids IS NOT NULL THEN
      PERFORM 1 FROM "Message" m
      WHERE m."tenantId" = v_tenant AND (m."providerMessageId" = ANY (v_ids) OR m."idempotencyKey" = ANY (COALESCE(v_keys, '{}')))
      ORDER BY m.id FOR UPDATE;
    END IF;

    FOREACH v_index IN ARRAY v_order LOOP
      v_event := v_events -> v_index;
      v_kind := v_event ->> 'kind';
      IF v_kind = 'inbound' THEN
        SELECT * INTO v_message, v_published FROM astor_record_inbound(v_tenant, v_event);
        IF v_message IS NULL THEN v_duplicates := v_duplicates + 1; ELSE v_inbound := v_inbound + 1; v_outbox := true; END IF;
        IF v_published IS NOT NULL THEN v_inbox_events := v_inbox_events || v_published; END IF;
      ELSIF v_kind = 'status' THEN
        v_published := astor_record_status(v_tenant, v_event);
        IF v_published IS NULL THEN v_pending := v_pending + 1; ELSE v_applied := v_applied + 1; END IF;
        IF v_published <> '' THEN v_inbox_events := v_inbox_events || v_published; END IF;
        v_outbox := true;
      ELSIF v_kind = 'template' THEN
        UPDATE "WhatsAppTemplate" SET status = (v_event ->> 'status')::"TemplateStatus", "providerTemplateId" = v_event ->> 'templateId',
          "statusReason" = v_event ->> 'reason', "updatedAt" = astor_utc_now()
        WHERE "tenantId" = v_tenant AND name = v_event ->> 'name' AND language = v_event ->> 'language';
      ELSIF v_kind = 'messaging_limit' THEN
        -- Deliveries are retried and reordered: an older event never overwrites what a newer one (or a Graph read) said.
        -- Meta times events to the second, so a read within that second does not hide the event.
        -- FLAGGED says the quality fell to RED; UNFLAGGED and UPGRADE that it is above RED again (the next Graph read tells which).
        -- A DOWNGRADE names the lower limit, not the quality: the rating stays as last read.
        UPDATE "WhatsAppChannel" SET "messagingLimitTier" = COALESCE(v_event ->> 'tier', "messagingLimitTier"), "qualityEvent" = v_event ->> 'event',
          "qualityRating" = CASE WHEN v_event ->> 'event' = 'FLAGGED' THEN 'RED'
                                 WHEN v_event ->> 'event' IN ('UNFLAGGED', 'UPGRADE') AND "qualityRating" = 'RED' THEN NULL ELSE "qualityRating" END,
          "messagingLimitUpdatedAt" = astor_utc(v_event ->> 'at'), "updatedAt" = astor_utc_now()
        WHERE "tenantId" = v_tenant AND "businessAccountId" = v_event -> 'route' ->> 'businessAccountId'
          AND ("messagingLimitUpdatedAt" IS NULL OR date_trunc('second', "messagingLimitUpdatedAt") <= astor_utc(v_event ->> 'at'));
      ELSIF v_kind = 'leadgen' THEN
        INSERT INTO "Outbox" ("tenantId", kind, payload) VALUES (v_tenant, 'meta_lead', v_event -> 'leadgen');
        v_outbox := true;
      ELSIF v_kind = 'lead_submission' THEN
        INSERT INTO "Outbox" ("tenantId", kind, "orderKey", payload)
        VALUES (v_tenant, 'lead.submission', 'lead:' || (v_event ->> 'phone'), jsonb_build_object('phone', v_event ->> 'phone', 'submission', v_event -> 'submission'));
        v_outbox := true;
      ELSE
        RAISE EXCEPTION 'unknown inbox event kind %', v_kind USING ERRCODE = '22023';
      END IF;
    END LOOP;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
  PERFORM set_config('astor.task_queue', '', true);
  PERFORM set_config('astor.defer_notify', '', true);
  RETURN jsonb_build_object('stored', v_stored, 'held', v_held, 'inbound', v_inbound, 'duplicates', v_duplicates, 'statuses', v_applied, 'pending', v_pending,
    'outbox', v_outbox, 'inboxEvents', current_setting('astor.inbox_events') || array_to_string(v_inbox_events || ''::text, E'\n'));
END $$;

-- Upkeep: today's and the next two days' partitions of the raw deliveries, days past the retention
-- dropped whole, held deliveries kept a day, statuses that never met their message kept 30 days,
-- files sent for imports deleted past their day.
-- Runs as the owner (it creates and drops partitions); the relays call it periodically.
CREATE OR REPLACE FUNCTION astor_inbox_maintenance(p_retention_days integer) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_today date := (now() AT TIME ZONE 'UTC')::date;
  v_day date;
  v_name text;
  v_partition text;
  v_created integer := 0;
  v_dropped integer := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('astor_inbox_maintenance')) THEN
    RETURN jsonb_build_object('skipped', true);
  END IF;
  FOR v_offset IN 0..2 LOOP
    v_day := v_today + v_offset;
    v_name := 'WebhookDelivery_' || to_char(v_day, 'YYYYMMDD');
    IF to_regclass(quote_ident(v_name)) IS NULL THEN
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF "WebhookDelivery" FOR VALUES FROM (%L) TO (%L)', v_name, v_day, v_day + 1);
        EXECUTE format('REVOKE ALL ON %I FROM astor_app', v_name);
        v_created := v_created + 1;
      EXCEPTION WHEN check_violation THEN
        NULL; -- that day's rows already sit in the default partition, which the purge below ages out
      END;
    END IF;
  END LOOP;
  FOR v_partition IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = '"WebhookDelivery"'::regclass AND c.relname ~ '^WebhookDelivery_[0-9]{8}$'
  LOOP
    IF to_date(right(v_partition, 8), 'YYYYMMDD') + 1 <= v_today - p_retention_days THEN
      EXECUTE format('DROP TABLE %I', v_partition);
      v_dropped := v_dropped + 1;
    END IF;
  END LOOP;
  DELETE FROM "WebhookDelivery_default" WHERE "receivedAt" < astor_utc_now() - make_interval(days => p_retention_days);
  DELETE FROM "HeldDelivery" WHERE "receivedAt" < astor_utc_now() - interval '24 hours';
  DELETE FROM "PendingStatus" WHERE "receivedAt" < astor_utc_now() - interval '30 days';
  DELETE FROM "Upload" WHERE "expiresAt" < astor_utc_now(); -- files sent for imports, kept a day
  RETURN jsonb_build_object('created', v_created, 'dropped', v_dropped);
END $$;

REVOKE ALL ON FUNCTION astor_inbox_maintenance(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astor_inbox_maintenance(integer) TO astor_app;
