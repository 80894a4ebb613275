-- A send's outcome, recorded in one round trip from the worker (activities/messaging.activities.ts):
-- every bot, hand-off and agent reply comes through here. Replaced as a whole on every migrate; runs as
-- the caller, so row-level security applies. PL/pgSQL: the helpers it calls (webhook-inbox.sql) are
-- looked up when it runs, not when it is created.

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
