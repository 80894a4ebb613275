import type { InboundMessage } from '../domain/messaging';
import { isOptOutRequest } from '../domain/opt-out';
import type { Database, SqlQuery } from '../prisma/client';

export interface AcceptedInbound {
  /** Taken up before: by an earlier run, or by a task lost with its worker before the reply went out. */
  duplicate: boolean;
  leadId: string;
  conversationId: string;
  /** The conversation is still open (a duplicate may belong to one closed since). */
  inOpenConversation: boolean;
  /** This message asked to stop receiving messages, and the lead was not opted out before. */
  optedOut: boolean;
  message: InboundForWorkflow;
}

/**
 * What the conversation workflow decides with: the text and button the bot reads, whether media
 * came, when it was sent. The contact's number, name, e-mail, location and shared cards stay in
 * PostgreSQL instead of being copied into Temporal's history with this result.
 */
export type InboundForWorkflow = Pick<InboundMessage, 'providerMessageId' | 'type' | 'text' | 'reply' | 'sentAt'> & { media?: { id: string } };

function forWorkflow({ providerMessageId, type, text, reply, sentAt, media }: InboundMessage): InboundForWorkflow {
  return { providerMessageId, type, sentAt, ...(text !== undefined ? { text } : {}), ...(reply ? { reply } : {}), ...(media ? { media: { id: media.id } } : {}) };
}

interface StoredInbound {
  id: string;
  leadId: string;
  channel: string;
  content: InboundMessage;
  processedAt: Date | null;
  contextProviderId: string | null;
  at: Date;
  conversationId: string;
  conversationOpen: boolean;
  contact: string;
  botActive: boolean;
  workflowId: string | null;
  optOut: boolean;
}

/** A reply within this time of a campaign message counts for that campaign, when it quotes none. */
const REPLY_ATTRIBUTION_MS = 7 * 24 * 3_600_000;

const event = (query: SqlQuery, tenantId: string, leadId: string, type: string, payload: object) =>
  query(`INSERT INTO "Event" (id, "tenantId", "leadId", type, payload, "createdAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, astor_utc_now())`, [tenantId, leadId, type, JSON.stringify(payload)]);

/**
 * Marks a message taken up, in one statement with the campaign it answers: the one whose message it
 * quotes (a button, a quoted reply), else the latest campaign that reached the lead recently. That
 * recipient is marked REPLIED once, with a timeline entry.
 */
async function markTakenUp(query: SqlQuery, tenantId: string, message: StoredInbound): Promise<void> {
  await query(
    `WITH quoted AS (SELECT "campaignId" FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" = $3::text AND direction = 'OUTBOUND'),
     recipient AS (
       SELECT r.id, r."campaignId", r.status, CASE WHEN EXISTS (SELECT 1 FROM quoted) THEN 'quoted_message' ELSE 'time_window' END AS by
       FROM "CampaignRecipient" r
       WHERE r."tenantId" = $1 AND r."leadId" = $2 AND CASE
         WHEN EXISTS (SELECT 1 FROM quoted) THEN r."campaignId" = (SELECT "campaignId" FROM quoted)
         ELSE r.status IN ('SENT', 'DELIVERED', 'READ', 'REPLIED') AND r."sentAt" >= $4 END
       ORDER BY r."sentAt" DESC NULLS LAST LIMIT 1),
     replied AS (
       UPDATE "CampaignRecipient" r SET status = 'REPLIED', "repliedAt" = $5, "updatedAt" = astor_utc_now()
       FROM recipient WHERE r."tenantId" = $1 AND r.id = recipient.id AND recipient.status <> 'REPLIED'
       RETURNING recipient."campaignId", recipient.by),
     noted AS (
       INSERT INTO "Event" (id, "tenantId", "leadId", type, payload, "createdAt")
       SELECT gen_random_uuid(), $1, $2, 'campaign.replied', jsonb_build_object('campaignId', "campaignId", 'by', by), astor_utc_now() FROM replied),
     taken AS (
       UPDATE "Message" SET "processedAt" = astor_utc_now(), "campaignId" = COALESCE((SELECT "campaignId" FROM recipient), "campaignId"), "updatedAt" = astor_utc_now()
       WHERE "tenantId" = $1 AND id = $6)
     SELECT 1`,
    [tenantId, message.leadId, message.contextProviderId, new Date(message.at.getTime() - REPLY_ATTRIBUTION_MS), message.at, message.id],
  );
}

async function optOutIfAsked(query: SqlQuery, tenantId: string, message: StoredInbound): Promise<boolean> {
  const text = message.content.text ?? message.content.reply?.title;
  if (message.optOut || !isOptOutRequest(text)) return false;
  await query(`UPDATE "Lead" SET "optOut" = true, "optOutAt" = astor_utc_now(), "updatedAt" = astor_utc_now() WHERE "tenantId" = $1 AND id = $2`, [tenantId, message.leadId]);
  await event(query, tenantId, message.leadId, 'lead.opted_out', { providerMessageId: message.content.providerMessageId, text: text ?? '' });
  return true;
}

/** The open conversation a message moves to when its own closed before the workflow took it up (opened if none). */
async function openConversationFor(query: SqlQuery, tenantId: string, message: StoredInbound, botActive: boolean): Promise<string> {
  const [open] = await query<{ id: string; created: boolean }>(
    `WITH opened AS (
       INSERT INTO "Conversation" (id, "tenantId", "leadId", channel, contact, "botActive", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3::"Channel", $4, $5, astor_utc_now())
       ON CONFLICT ("tenantId", channel, contact) WHERE status = 'OPEN' DO NOTHING RETURNING id)
     SELECT id, true AS created FROM opened
     UNION ALL SELECT id, false FROM "Conversation" WHERE "tenantId" = $1 AND channel = $3::"Channel" AND contact = $4 AND status = 'OPEN'`,
    [tenantId, message.leadId, message.channel, message.contact, botActive],
  );
  if (open!.created) await event(query, tenantId, message.leadId, 'conversation.opened', { conversationId: open!.id, channel: message.channel });
  await query(`UPDATE "Message" SET "conversationId" = $3, "updatedAt" = astor_utc_now() WHERE "tenantId" = $1 AND id = $2`, [tenantId, message.id, open!.id]);
  return open!.id;
}

export function createInboundActivities({ db }: { db: Database }) {
  return {
    /**
     * Takes up messages the webhook's edge write stored, in order, in one transaction: marks each
     * processed (once), attributes a campaign reply, honours an opt-out, and keeps the conversation's
     * routing in step with the workflow (a message whose conversation was closed meanwhile moves to
     * the next one). Raw SQL: this runs for every inbound message.
     */
    async acceptInbound(input: { tenantId: string; messageIds: string[]; workflowId: string; botActive: boolean; firstOfRun: boolean }): Promise<AcceptedInbound[]> {
      const { tenantId } = input;
      return db.sqlInTenant(tenantId, async (query) => {
        const rows = await query<StoredInbound>(
          `SELECT m.id, m."leadId", m.channel::text, m.content, m."processedAt", m."contextProviderId", COALESCE(m."sentAt", m."createdAt") AS at,
                  c.id AS "conversationId", c.status = 'OPEN' AS "conversationOpen", c.contact, c."botActive", c."workflowId", l."optOut"
           FROM "Message" m
           JOIN "Conversation" c ON c."tenantId" = m."tenantId" AND c.id = m."conversationId"
           JOIN "Lead" l ON l."tenantId" = m."tenantId" AND l.id = m."leadId"
           WHERE m."tenantId" = $1 AND m.id = ANY($2::uuid[]) FOR UPDATE OF m`,
          [tenantId, input.messageIds],
        );
        const byId = new Map(rows.map((row) => [row.id, row]));
        const accepted: AcceptedInbound[] = [];
        let routingChecked = !input.firstOfRun;
        for (const id of input.messageIds) {
          const message = byId.get(id);
          if (!message) throw new Error(`inbound message ${id} is not stored in this agency`);
          const result = { leadId: message.leadId, conversationId: message.conversationId, message: forWorkflow(message.content) };
          if (message.processedAt) {
            accepted.push({ ...result, duplicate: true, inOpenConversation: message.conversationOpen, optedOut: false });
            continue;
          }
          if (!message.conversationOpen) result.conversationId = await openConversationFor(query, tenantId, message, input.botActive);
          // A conversation opened just now records its workflow too: the API finds the workflow by it.
          if (!routingChecked || message.workflowId !== input.workflowId || result.conversationId !== message.conversationId) {
            const routing = !routingChecked && message.botActive !== input.botActive;
            await query(
              `UPDATE "Conversation" SET "workflowId" = $3, "botActive" = CASE WHEN $4 THEN $5 ELSE "botActive" END,
                 "waitingSince" = CASE WHEN $4 AND NOT $5 THEN COALESCE("waitingSince", astor_utc_now()) ELSE "waitingSince" END, "updatedAt" = astor_utc_now()
               WHERE "tenantId" = $1 AND id = $2`,
              [tenantId, result.conversationId, input.workflowId, routing, input.botActive],
            );
            routingChecked = true;
            for (const row of rows) row.workflowId = input.workflowId;
          }
          await markTakenUp(query, tenantId, message);
          const optedOut = await optOutIfAsked(query, tenantId, message);
          if (optedOut) for (const row of rows) if (row.leadId === message.leadId) row.optOut = true;
          accepted.push({ ...result, duplicate: false, inOpenConversation: true, optedOut });
        }
        return accepted;
      });
    },
  };
}

export type InboundActivities = ReturnType<typeof createInboundActivities>;
