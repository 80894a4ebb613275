import type { InboundMessage } from '../../domain/messaging';
import { toWhatsAppRecipient } from '../../domain/phone';
import type { TenantTx } from '../client';
import { recordAudit } from '../audit-log';

/** What an erasure leaves to remove outside PostgreSQL once it has committed. */
export interface ErasedLead {
  /** Inbound media is stored under its message's id. */
  inboundMediaKeys: string[];
  /** Generated voice notes sent to this lead only (the store keys audio by content, so another lead's note may share a key). */
  voiceKeys: string[];
  /** Kept in memory only, for the contact key of the lead's intake workflow. */
  phone: string | null;
  /** The lead's contacts per channel: Temporal's contact workflows are keyed by them. */
  contacts: { channel: string; contact: string }[];
  /** Workflow ids recorded on the lead's conversations. */
  workflowIds: string[];
  /** The AstorEntityId values its other workflows carry: the lead, its messages and visits. */
  entityIds: string[];
}

/** Written over audit snapshots that held the person, so the entry still says what happened but no longer to whom. */
const redacted = JSON.stringify({ redacted: 'erasure' });

/**
 * The ways a contact appears in a provider's raw JSON: WhatsApp ids are E.164 digits without the
 * plus (Mexican mobiles still with the 1 after 52), bridges and platforms send their own ids.
 * Quoted, so a number is matched only as a whole JSON string, never inside a longer one.
 */
export function rawContactForms(phone: string | null, contacts: string[]): string[] {
  const forms = new Set<string>();
  if (phone) {
    const digits = toWhatsAppRecipient(phone);
    const mexicanMobile = /^52(\d{10})$/.exec(digits);
    for (const id of mexicanMobile ? [digits, `521${mexicanMobile[1]}`] : [digits]) forms.add(`"${id}"`).add(`"+${id}"`).add(`"${id}@`);
  }
  for (const contact of contacts) forms.add(JSON.stringify(contact));
  return [...forms];
}

const hasMedia = (message: { mediaUrl: string | null; content: unknown }) => message.mediaUrl !== null || Boolean((message.content as Partial<InboundMessage> | null)?.media);

async function voiceKeysOfOnly(tx: TenantTx, leadId: string): Promise<string[]> {
  const events = await tx.event.findMany({ where: { leadId, type: { startsWith: 'voice.' } }, select: { payload: true } });
  const keys = [...new Set(events.map((event) => (event.payload as { audioKey?: unknown }).audioKey).filter((key): key is string => typeof key === 'string'))];
  if (keys.length === 0) return [];
  const shared = await tx.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT payload ->> 'audioKey' AS key FROM "Event"
    WHERE "leadId" <> ${leadId}::uuid AND type LIKE 'voice.%' AND payload ->> 'audioKey' = ANY(${keys}::text[])`;
  const sharedKeys = new Set(shared.map((row) => row.key));
  return keys.filter((key) => !sharedKeys.has(key));
}

/**
 * Erases a lead of the transaction's agency for good: the lead and what cascades from it, the raw
 * deliveries, queued hand-offs and early statuses that carry its contact, and the person's data in
 * earlier audit entries; then records the erasure itself with ids only. Undefined when no such lead.
 */
export async function eraseLeadRecords(tx: TenantTx, leadId: string): Promise<ErasedLead | undefined> {
  const lead = await tx.lead.findUnique({ where: { id: leadId }, select: { id: true, phone: true } });
  if (!lead) return undefined;
  const conversations = await tx.conversation.findMany({ where: { leadId }, select: { id: true, channel: true, contact: true, workflowId: true } });
  const messages = await tx.message.findMany({ where: { leadId }, select: { id: true, mediaUrl: true, content: true } });
  const visits = await tx.visit.findMany({ where: { leadId }, select: { id: true } });
  const erased: ErasedLead = {
    inboundMediaKeys: messages.filter(hasMedia).map((message) => message.id),
    voiceKeys: await voiceKeysOfOnly(tx, leadId),
    phone: lead.phone,
    contacts: conversations.map(({ channel, contact }) => ({ channel, contact })),
    workflowIds: conversations.flatMap((conversation) => (conversation.workflowId ? [conversation.workflowId] : [])),
    entityIds: [leadId, ...messages.map((message) => message.id), ...visits.map((visit) => visit.id)],
  };

  const raw = rawContactForms(lead.phone, conversations.map((conversation) => conversation.contact));
  // Bare values for JSON PostgreSQL rendered itself and for the outbox's order keys ("lead:+549…").
  const mentions = [...new Set([...(lead.phone ? [lead.phone, toWhatsAppRecipient(lead.phone)] : []), ...conversations.map((conversation) => conversation.contact), ...erased.entityIds, ...conversations.map((conversation) => conversation.id)])];
  const entityIds = [...erased.entityIds, ...conversations.map((conversation) => conversation.id)];

  await tx.lead.delete({ where: { id: leadId } });
  await tx.$executeRaw`DELETE FROM "WebhookDelivery" WHERE EXISTS (SELECT 1 FROM unnest(${raw}::text[]) AS form WHERE position(convert_to(form, 'UTF8') IN body) > 0)`;
  await tx.$executeRaw`DELETE FROM "PendingStatus" WHERE EXISTS (SELECT 1 FROM unnest(${mentions}::text[]) AS value WHERE strpos("update"::text, value) > 0)`;
  await tx.$executeRaw`DELETE FROM "Outbox" WHERE EXISTS (SELECT 1 FROM unnest(${mentions}::text[]) AS value WHERE strpos(payload::text || ' ' || coalesce("orderKey", ''), value) > 0)`;
  await tx.$executeRaw`
    UPDATE "AuditLog" SET before = CASE WHEN before IS NULL THEN NULL ELSE ${redacted}::jsonb END, after = CASE WHEN after IS NULL THEN NULL ELSE ${redacted}::jsonb END
    WHERE "entityId" = ANY(${entityIds}::text[])
       OR EXISTS (SELECT 1 FROM unnest(${mentions}::text[]) AS value WHERE strpos(coalesce(before::text, '') || ' ' || coalesce(after::text, ''), value) > 0)`;
  await recordAudit(tx, { action: 'erase', entity: 'Lead', entityId: leadId });
  return erased;
}
