-- What one send outside campaigns does in PostgreSQL (activities/messaging.activities.ts): every bot,
-- hand-off and agent reply comes through here, so each step is one round trip. Replaced as a whole on
-- every migrate. The routines taking p_tenant set app.tenant_id themselves (no transaction is needed
-- around them) and run as the caller, so row-level security applies. PL/pgSQL where they call the
-- helpers of webhook-inbox.sql: those are looked up when they run, not when they are created.

-- Books the agency's number for p_sends at p_per_second (the number's own limit when NULL) from the
-- end of what was booked before, or p_earliest (epoch ms), whichever is later (activities/campaign/send-window.ts).
CREATE OR REPLACE FUNCTION astor_book_send_window(p_sends integer, p_per_second float8, p_earliest bigint, p_paced_second_ms float8)
RETURNS TABLE ("end" bigint, duration bigint, "perSecond" float8)
LANGUAGE sql VOLATILE AS $$
  UPDATE "WhatsAppChannel" AS number
  SET "sendWindowEnd" = timestamp '1970-01-01' + (GREATEST(COALESCE((extract(epoch FROM number."sendWindowEnd") * 1000)::bigint, 0), p_earliest) + booked.duration) * interval '1 millisecond'
  FROM (
    SELECT id, rate, ceil(p_sends::float8 * p_paced_second_ms / rate)::bigint AS duration
    FROM (SELECT id, COALESCE(p_per_second, "messagesPerSecond"::float8) AS rate FROM "WhatsAppChannel") AS rates
  ) AS booked
  WHERE booked.id = number.id
  RETURNING (extract(epoch FROM number."sendWindowEnd") * 1000)::bigint, booked.duration, booked.rate
$$;

-- The agency's WhatsApp settings, read by every send to know whether its channel changed.
CREATE OR REPLACE FUNCTION astor_agency_whatsapp(p_tenant uuid) RETURNS SETOF "WhatsAppChannel"
LANGUAGE plpgsql STABLE SET search_path = public AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  RETURN QUERY SELECT * FROM "WhatsAppChannel" WHERE "tenantId" = p_tenant;
END $$;

-- Claims p_send's idempotency key. The first attempt creates the message already dispatched at
-- p_dispatch_at (epoch ms) and, when p_book_from is given, books its slot on the number from then:
-- nothing else can hold a key this attempt just created. A later attempt gets the message as it
-- stands and decides in a transaction of its own (created false). The recipient is p_send.to, or the
-- contact of p_send.conversationId (none for a message that is only recorded, never sent).
CREATE OR REPLACE FUNCTION astor_claim_send(p_tenant uuid, p_send jsonb, p_dispatch_at bigint, p_book_from bigint, p_paced_second_ms float8) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  v_contact text := p_send ->> 'to';
  v_message "Message";
  v_created boolean := false;
  v_end bigint;
  v_duration bigint;
  v_rate float8;
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  IF v_contact IS NULL AND p_send ->> 'conversationId' IS NOT NULL THEN
    SELECT contact INTO v_contact FROM "Conversation" WHERE "tenantId" = p_tenant AND id = (p_send ->> 'conversationId')::uuid;
    IF NOT FOUND THEN RAISE EXCEPTION 'conversation % is not in this agency', p_send ->> 'conversationId'; END IF;
  END IF;
  INSERT INTO "Message" (id, "tenantId", "leadId", "conversationId", "campaignId", direction, type, channel, body, content, "mediaUrl",
    "idempotencyKey", status, "sentById", "sendAttemptedAt", "createdAt", "updatedAt")
  VALUES (gen_random_uuid(), p_tenant, (p_send ->> 'leadId')::uuid, (p_send ->> 'conversationId')::uuid, (p_send ->> 'campaignId')::uuid, 'OUTBOUND',
    (p_send ->> 'type')::"MessageType", (p_send ->> 'channel')::"Channel", p_send ->> 'body', p_send -> 'content', p_send ->> 'mediaUrl',
    p_send ->> 'idempotencyKey', 'QUEUED', (p_send ->> 'sentById')::uuid, timestamp '1970-01-01' + p_dispatch_at * interval '1 millisecond', astor_utc_now(), astor_utc_now())
  ON CONFLICT ("tenantId", "idempotencyKey") DO NOTHING
  RETURNING * INTO v_message;
  IF v_message.id IS NOT NULL THEN
    v_created := true;
    IF p_book_from IS NOT NULL THEN
      SELECT booked."end", booked.duration, booked."perSecond" INTO v_end, v_duration, v_rate FROM astor_book_send_window(1, NULL, p_book_from, p_paced_second_ms) AS booked;
    END IF;
  ELSE
    -- A statement of its own: it sees a claim that a concurrent attempt committed meanwhile.
    SELECT * INTO v_message FROM "Message" WHERE "tenantId" = p_tenant AND "idempotencyKey" = p_send ->> 'idempotencyKey';
  END IF;
  RETURN jsonb_build_object('to', v_contact, 'created', v_created,
    'message', jsonb_build_object('id', v_message.id, 'channel', v_message.channel, 'status', v_message.status, 'providerMessageId', v_message."providerMessageId",
      'errorCode', v_message."errorCode", 'errorMessage', v_message."errorMessage",
      'sendAttemptedAt', (extract(epoch FROM v_message."sendAttemptedAt") * 1000)::bigint),
    'window', CASE WHEN v_end IS NULL THEN NULL ELSE jsonb_build_object('end', v_end, 'duration', v_duration, 'perSecond', v_rate) END);
END $$;

-- p_outcome: { providerMessageId } when the provider took the message, or { errorCode, errorMessage }
-- when it refused it for good; with byAgent (an agent's reply answers the contact), campaignId,
-- actorType and actorId for the timeline.
CREATE OR REPLACE FUNCTION astor_record_send_outcome(p_tenant uuid, p_message uuid, p_outcome jsonb) RETURNS "Message"
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  v_failed boolean := p_outcome ? 'errorCode';
  v_message "Message";
  v_assignee uuid;
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  IF v_failed THEN
    UPDATE "Message" SET status = 'FAILED', "errorCode" = p_outcome ->> 'errorCode', "errorMessage" = p_outcome ->> 'errorMessage',
      "failedAt" = astor_utc_now(), "updatedAt" = astor_utc_now()
    WHERE "tenantId" = p_tenant AND id = p_message;
  ELSE
    -- A status webhook may have reached the row first (by the callback key): the send only moves it forward.
    UPDATE "Message" SET status = CASE WHEN status IN ('RECEIVED', 'QUEUED') THEN 'SENT'::"MessageStatus" ELSE status END,
      "providerMessageId" = COALESCE("providerMessageId", p_outcome ->> 'providerMessageId'),
      "sentAt" = COALESCE("sentAt", astor_utc_now()), "updatedAt" = astor_utc_now()
    WHERE "tenantId" = p_tenant AND id = p_message;
  END IF;
  IF NOT FOUND THEN RAISE EXCEPTION 'message % is not in this agency', p_message; END IF;
  -- Read after the update: a status kept for this provider id was applied by its trigger.
  SELECT * INTO v_message FROM "Message" WHERE "tenantId" = p_tenant AND id = p_message;
  IF v_message."conversationId" IS NOT NULL THEN
    UPDATE "Conversation" SET "lastMessageAt" = astor_utc_now(), "updatedAt" = astor_utc_now(),
      "waitingSince" = CASE WHEN COALESCE((p_outcome ->> 'byAgent')::boolean, false) AND NOT v_failed THEN NULL ELSE "waitingSince" END
    WHERE "tenantId" = p_tenant AND id = v_message."conversationId"
    RETURNING "assigneeId" INTO v_assignee;
    PERFORM astor_notify_inbox(p_tenant, 'message.created', v_message."conversationId", v_assignee,
      jsonb_strip_nulls(jsonb_build_object('messageId', p_message, 'status', v_message.status, 'preview', left(v_message.body, 200))));
  END IF;
  IF NOT v_failed THEN
    UPDATE "Lead" SET "lastContactAt" = astor_utc_now(), "updatedAt" = astor_utc_now() WHERE "tenantId" = p_tenant AND id = v_message."leadId";
  END IF;
  INSERT INTO "Event" (id, "tenantId", "leadId", type, "actorId", payload, "createdAt")
  VALUES (gen_random_uuid(), p_tenant, v_message."leadId", CASE WHEN v_failed THEN 'message.failed' ELSE 'message.outbound' END, (p_outcome ->> 'actorId')::uuid,
    jsonb_strip_nulls(jsonb_build_object('messageId', p_message, 'preview', COALESCE(v_message.body, ''), 'reason', p_outcome -> 'errorMessage',
      'campaignId', p_outcome -> 'campaignId', 'actorType', COALESCE(p_outcome ->> 'actorType', 'system'))), astor_utc_now());
  RETURN v_message;
END $$;

-- Locks messages of p_tenant in id order, the order every writer that holds several of them at once
-- takes (the two routines below, and webhook statuses in astor_ingest): two such writers may wait
-- for one another, never in a cycle, so neither is aborted as a deadlock.
CREATE OR REPLACE FUNCTION astor_lock_messages(p_tenant uuid, p_ids uuid[]) RETURNS void
LANGUAGE sql VOLATILE SET search_path = public AS $$
  SELECT 1 FROM "Message" WHERE "tenantId" = p_tenant AND id = ANY (p_ids) ORDER BY id FOR UPDATE
$$;

-- The campaign's hot writes on messages (a tenth of a second's dispatches, a tenth of a second's sent
-- answers) are routines, called on their own: lock, write and commit in one round trip, so the rows
-- webhook statuses wait on are never held while the worker's event loop is busy elsewhere.

-- Marks messages dispatched at p_at (epoch ms), each provided no other attempt dispatched or settled
-- it since it was read (p_seen: its dispatch time then, NULL for none). Answers the ones marked.
CREATE OR REPLACE FUNCTION astor_mark_dispatched(p_tenant uuid, p_ids uuid[], p_seen bigint[], p_at bigint) RETURNS SETOF uuid
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  PERFORM astor_lock_messages(p_tenant, p_ids);
  -- Dispatch times compared as epoch milliseconds: exact, whatever the session's time zone.
  RETURN QUERY
    UPDATE "Message" m SET "sendAttemptedAt" = timestamp '1970-01-01' + p_at * interval '1 millisecond', "updatedAt" = astor_utc_now()
    FROM unnest(p_ids, p_seen) AS v(id, seen)
    WHERE m."tenantId" = p_tenant AND m.id = v.id AND m."providerMessageId" IS NULL AND m.status = 'QUEUED'
      AND ((v.seen IS NULL AND m."sendAttemptedAt" IS NULL) OR (extract(epoch FROM m."sendAttemptedAt") * 1000)::bigint = v.seen)
    RETURNING m.id;
END $$;

-- Records campaign sends the provider accepted (p_sent: [{ mid, rid, lid, pmid }]): message, recipient,
-- the lead's last contact and its timeline. Each moves forward only (a status may have overtaken us).
CREATE OR REPLACE FUNCTION astor_record_campaign_sent(p_tenant uuid, p_campaign uuid, p_sent jsonb, p_actor_id uuid, p_actor_type text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  PERFORM astor_lock_messages(p_tenant, ARRAY(SELECT (e ->> 'mid')::uuid FROM jsonb_array_elements(p_sent) e));
  WITH v AS (SELECT * FROM jsonb_to_recordset(p_sent) AS v(mid uuid, rid uuid, lid uuid, pmid text)),
  messages AS (
    UPDATE "Message" m SET status = CASE WHEN m.status = 'QUEUED' THEN 'SENT'::"MessageStatus" ELSE m.status END,
      "providerMessageId" = COALESCE(m."providerMessageId", v.pmid), "sentAt" = COALESCE(m."sentAt", astor_utc_now()), "updatedAt" = astor_utc_now()
    FROM v WHERE m."tenantId" = p_tenant AND m.id = v.mid),
  recipients AS (
    UPDATE "CampaignRecipient" r SET status = CASE WHEN r.status IN ('PENDING', 'SENDING') THEN 'SENT'::"RecipientStatus" ELSE r.status END,
      "providerMessageId" = v.pmid, "messageId" = v.mid, "sentAt" = COALESCE(r."sentAt", astor_utc_now()), "updatedAt" = astor_utc_now()
    FROM v WHERE r."tenantId" = p_tenant AND r.id = v.rid),
  leads AS (
    UPDATE "Lead" l SET "lastContactAt" = astor_utc_now(), "updatedAt" = astor_utc_now()
    FROM v WHERE l."tenantId" = p_tenant AND l.id = v.lid)
  INSERT INTO "Event" (id, "tenantId", "leadId", type, "actorId", payload, "createdAt")
  SELECT gen_random_uuid(), p_tenant, v.lid, 'campaign.sent', p_actor_id,
    jsonb_build_object('campaignId', p_campaign::text, 'messageId', v.mid, 'actorType', p_actor_type), astor_utc_now()
  FROM v;
END $$;
