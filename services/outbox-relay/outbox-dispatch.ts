import { COMMITTED_START_KIND, type CommittedStart } from '../../temporal/committed-starts';
import type { WorkflowHandoff } from '../../temporal/workflow-handoff';
import type { InboundRef } from '../../workflows/conversation.contract';
import type { ConversationState } from '../../workflows/conversation.state';
import type { LeadSubmission } from '../../workflows/lead-intake.contract';

/** An outbox row as the relay claims it (astor_outbox_claim). */
export interface OutboxRow {
  id: string;
  tenant_id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Rows that go to Temporal in one call, and that call. */
interface Handoff {
  rows: OutboxRow[];
  send: () => Promise<void>;
}

interface ConversationPayload extends InboundRef {
  channel: ConversationState['channel'];
  contact: string;
  /** The workflow that took up the open conversation, if any (astor_record_inbound). */
  workflowId?: string | null;
}

/**
 * Groups claimed rows into Temporal calls: a contact's messages in one signal, in order; a
 * contact's lead submissions one after the other; every other row on its own.
 */
export function handoffsOf(rows: OutboxRow[], handoff: WorkflowHandoff): Handoff[] {
  const byKey = new Map<string, OutboxRow[]>();
  const keyOf = (row: OutboxRow) => {
    const payload = row.payload;
    if (row.kind === 'conversation.inbound') return `${row.tenant_id}|conversation|${String(payload.channel)}|${String(payload.contact)}`;
    if (row.kind === 'lead.first_contact' || row.kind === 'lead.submission') return `${row.tenant_id}|lead|${String(payload.phone)}`;
    return `${row.id}`;
  };
  for (const row of rows) byKey.set(keyOf(row), [...(byKey.get(keyOf(row)) ?? []), row]);
  return [...byKey.values()].map((group) => ({ rows: group, send: () => sendGroup(group, handoff) }));
}

async function sendGroup(group: OutboxRow[], handoff: WorkflowHandoff): Promise<void> {
  const first = group[0]!;
  const tenantId = first.tenant_id;
  switch (first.kind) {
    case 'conversation.inbound': {
      const { channel, contact, workflowId } = first.payload as unknown as ConversationPayload;
      const refs = group.map((row) => ({ messageId: String(row.payload.messageId), providerMessageId: String(row.payload.providerMessageId) }));
      return handoff.inboundMessages(tenantId, channel, contact, refs, workflowId ?? undefined);
    }
    case 'lead.first_contact':
    case 'lead.submission':
      for (const row of group) await handoff.signalLead(tenantId, String(row.payload.phone), submissionOf(row));
      return;
    case 'meta_lead': {
      const { leadgenId, pageId, formId, adId } = first.payload as { leadgenId: string; pageId: string; formId: string; adId?: string };
      return handoff.metaLead({ tenantId, leadgenId, pageId, formId, ...(adId ? { adId } : {}) });
    }
    case 'message.fallback':
      return handoff.messageFallback(tenantId, String(first.payload.messageId));
    case COMMITTED_START_KIND:
      return handoff.committedStart(first.payload as unknown as CommittedStart);
    default:
      throw new Error(`unknown outbox row kind ${first.kind}`);
  }
}

/** A contact first seen in a conversation opens its intake with a submission of its own, applied once. */
function submissionOf(row: OutboxRow): LeadSubmission {
  if (row.kind === 'lead.submission') return row.payload.submission as LeadSubmission;
  const { leadId, origin } = row.payload as { leadId: string; origin: LeadSubmission['origin'] };
  return { submissionId: `first-contact:${leadId}`, origin, fields: {} };
}
