import type { CampaignContent } from '../../domain/campaign';
import { describeFrequencyCap, FREQUENCY_CAP_SKIP, type FrequencyCapped } from '../../domain/marketing-cap';
import type { Channel } from '../../prisma/generated/client';
import { dispatchOutcome, NO_EVIDENCE, type SendEvidence } from '../../prisma/repositories/send-dispatch';
import { describeSkip, renderForLead, type ContentContext } from '../../services/messages/campaign-content';
import { campaignMessageKey, type BatchRecipient, type Claim, type FailedOutcome, type SentOutcome, type StoredMessage } from './recipient-store';

export interface SkippedOutcome {
  recipientId: string;
  reason: string;
  description: string;
}

export interface VoiceSend {
  recipient: BatchRecipient;
  script: string;
}

/** A claimed message open to dispatch; `seen` is its dispatch time as read, for `markDispatched`. */
export interface MessageSend {
  claim: Claim;
  messageId: string;
  seen: Date | null;
}

export interface Settled {
  sent: SentOutcome[];
  failed: FailedOutcome[];
  /** Outcome unknown for now: an earlier attempt's dispatch awaiting its status webhook, or a voice note in progress. */
  deferred: number;
}

export interface BatchPlan extends Settled {
  skipped: SkippedOutcome[];
  claims: Claim[];
  voices: VoiceSend[];
  /** Held back for a later pass: their lead got a WhatsApp message too recently (the pair rate). */
  retryLater: number;
}

export interface PlanInput {
  tenantId: string;
  campaignId: string;
  content: CampaignContent;
  context: ContentContext;
  recipients: BatchRecipient[];
  /** What status webhooks tell of sends, per channel (see `sendEvidenceFor`). */
  evidence: Map<Channel, SendEvidence>;
  /** Voice recipients (see `awaitingVoice`) whose voice workflow ended without sending. */
  voiceFailed: Set<string>;
  /** For a marketing campaign under the agency's cap: the leads the cap already reached. */
  frequencyCapped?: FrequencyCapped;
  /** Leads sent a WhatsApp message within the pair rate (about one every 6 s to a user). */
  recentlyMessaged?: Set<string>;
  now: number;
}

/** Voice recipients an earlier attempt handed to their voice workflow, whose outcome the planner needs. */
export function awaitingVoice(recipients: BatchRecipient[], content: CampaignContent): BatchRecipient[] {
  return content.kind === 'voice' ? recipients.filter((recipient) => recipient.status === 'SENDING' && !recipient.message) : [];
}

const empty = (): Settled => ({ sent: [], failed: [], deferred: 0 });

/** Records a stored message's outcome in `into`; answers whether it is still open to dispatch. */
function settle(into: Settled, recipient: BatchRecipient, message: StoredMessage, evidence: Map<Channel, SendEvidence>, now: number): boolean {
  const outcome = dispatchOutcome(message, evidence.get(message.channel) ?? NO_EVIDENCE, now);
  if (outcome === 'failed') into.failed.push({ recipientId: recipient.id, leadId: recipient.leadId, messageId: message.id, code: message.errorCode ?? 'failed', reason: message.errorMessage ?? 'The provider reported a failure' });
  else if (outcome === 'sent') into.sent.push({ recipientId: recipient.id, leadId: recipient.leadId, messageId: message.id, providerMessageId: message.providerMessageId! });
  else if (outcome === 'unknown') into.deferred += 1;
  return outcome === 'open';
}

/**
 * Decides, without I/O, what becomes of each recipient of a batch: settled from what an earlier
 * attempt left, skipped, or to send (a message to claim, or a voice note to start).
 */
export function planBatch(input: PlanInput): BatchPlan {
  const plan: BatchPlan = { ...empty(), skipped: [], claims: [], voices: [], retryLater: 0 };
  const { frequencyCapped, recentlyMessaged } = input;
  const { tenantId, campaignId, content, now } = input;
  for (const recipient of input.recipients) {
    if (recipient.message && !settle(plan, recipient, recipient.message, input.evidence, now)) continue;
    if (recipient.status === 'SENDING' && !recipient.message && content.kind === 'voice') {
      if (input.voiceFailed.has(recipient.id)) plan.failed.push({ recipientId: recipient.id, leadId: recipient.leadId, messageId: null, code: 'voice_failed', reason: 'The voice note could not be generated or sent; see the lead timeline' });
      else plan.deferred += 1;
      continue;
    }
    if (!recipient.lead.optOut && frequencyCapped?.leadIds.has(recipient.leadId)) {
      plan.skipped.push({ recipientId: recipient.id, reason: FREQUENCY_CAP_SKIP, description: describeFrequencyCap(frequencyCapped.cap) });
      continue;
    }
    const rendered = recipient.lead.optOut ? ({ kind: 'skip', reason: 'opted_out' } as const) : renderForLead(content, recipient.lead, input.context, now);
    if (rendered.kind === 'skip') plan.skipped.push({ recipientId: recipient.id, reason: rendered.reason, description: describeSkip(rendered.reason) });
    else if (recentlyMessaged?.has(recipient.leadId)) plan.retryLater += 1;
    else if (rendered.kind === 'voice') plan.voices.push({ recipient, script: rendered.script });
    else plan.claims.push({ recipient, input: { tenantId, leadId: recipient.leadId, campaignId, content: rendered.content, idempotencyKey: campaignMessageKey(campaignId, recipient.leadId) } });
  }
  return plan;
}

/** Settles claims by their messages as stored: one another attempt already sent or dispatched is not sent again. */
export function settleClaims(claims: Claim[], stored: Map<string, StoredMessage>, evidence: Map<Channel, SendEvidence>, now: number): Settled & { toSend: MessageSend[] } {
  const settled = { ...empty(), toSend: [] as MessageSend[] };
  for (const claim of claims) {
    const message = stored.get(claim.recipient.id)!;
    if (settle(settled, claim.recipient, message, evidence, now)) settled.toSend.push({ claim, messageId: message.id, seen: message.sendAttemptedAt });
  }
  return settled;
}

/** The messaging limit for a batch: users it still takes now (null: unlimited), and the leads a template would not count again. */
export interface Capacity {
  remaining: number | null;
  free: Set<string>;
}

/**
 * Keeps, in order, the claims the messaging limit takes now: any but a template, a template to a lead
 * it would not count again, and templates to other leads while capacity remains. The rest wait.
 */
export function fitCapacity(claims: Claim[], capacity: Capacity): { kept: Claim[]; held: number } {
  if (capacity.remaining === null) return { kept: claims, held: 0 };
  let remaining = capacity.remaining;
  const kept = claims.filter((claim) => {
    if (claim.input.content.kind !== 'template' || capacity.free.has(claim.recipient.leadId)) return true;
    if (remaining === 0) return false;
    remaining -= 1;
    return true;
  });
  return { kept, held: claims.length - kept.length };
}
