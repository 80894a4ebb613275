import type { CampaignContent } from '../../domain/campaign';
import { awaitingVoice, fitCapacity, planBatch, settleClaims, type PlanInput } from './batch-plan';
import type { BatchRecipient, StoredMessage } from './recipient-store';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const template: CampaignContent = { kind: 'template', name: 'hola', language: 'es', variables: ['{{lead.firstName}}'] };
const voice: CampaignContent = { kind: 'voice', script: 'Hola {{lead.firstName}}' };

function recipient(n: number, overrides: Partial<BatchRecipient> = {}, lead: Partial<BatchRecipient['lead']> = {}): BatchRecipient {
  return { id: `r${n}`, seq: n, leadId: `l${n}`, phone: `+5491100000${n}`, status: 'PENDING', message: null, lead: { id: `l${n}`, name: `Lead ${n}`, searchZone: null, lastInboundAt: new Date(NOW - 60_000), optOut: false, ...lead }, ...overrides };
}

function message(overrides: Partial<StoredMessage> = {}): StoredMessage {
  return { id: 'm1', channel: 'WHATSAPP_CLOUD', providerMessageId: null, status: 'QUEUED', sendAttemptedAt: null, errorCode: null, errorMessage: null, ...overrides };
}

const plan = (recipients: BatchRecipient[], overrides: Partial<PlanInput> = {}) =>
  planBatch({ tenantId: 't', campaignId: 'c', content: template, context: { agencyName: 'Sur', properties: [] }, recipients, evidence: new Map(), voiceFailed: new Set(), now: NOW, ...overrides });

describe('planBatch decides, without I/O, what becomes of each recipient', () => {
  it('claims a rendered message for each fresh recipient, keyed once per campaign and lead', () => {
    const { claims, sent, skipped } = plan([recipient(1), recipient(2)]);
    expect(claims.map((claim) => claim.input)).toEqual([
      { tenantId: 't', leadId: 'l1', campaignId: 'c', content: { kind: 'template', name: 'hola', language: 'es', bodyParameters: ['Lead'] }, idempotencyKey: 'campaign:c:l1' },
      { tenantId: 't', leadId: 'l2', campaignId: 'c', content: { kind: 'template', name: 'hola', language: 'es', bodyParameters: ['Lead'] }, idempotencyKey: 'campaign:c:l2' },
    ]);
    expect([sent, skipped]).toEqual([[], []]);
  });

  it('skips opted-out leads and leads missing a variable, with the reason', () => {
    const { claims, skipped } = plan([recipient(1, {}, { optOut: true }), recipient(2, {}, { name: null })]);
    expect(claims).toEqual([]);
    expect(skipped.map(({ recipientId, reason }) => [recipientId, reason])).toEqual([
      ['r1', 'opted_out'],
      ['r2', 'missing_variable:lead.firstName'],
    ]);
  });

  it('records what an earlier attempt already settled instead of sending again', () => {
    const sending = { status: 'SENDING' as const };
    const result = plan([
      recipient(1, { ...sending, message: message({ id: 'm1', providerMessageId: 'wamid.1', status: 'SENT', sendAttemptedAt: new Date(NOW - 1_000) }) }),
      recipient(2, { ...sending, message: message({ id: 'm2', status: 'FAILED', errorCode: '131026', errorMessage: 'Undeliverable' }) }),
      recipient(3, { ...sending, message: message({ id: 'm3', sendAttemptedAt: new Date(NOW - 1_000) }) }),
    ]);
    expect(result.sent).toEqual([{ recipientId: 'r1', leadId: 'l1', messageId: 'm1', providerMessageId: 'wamid.1' }]);
    expect(result.failed).toEqual([{ recipientId: 'r2', leadId: 'l2', messageId: 'm2', code: '131026', reason: 'Undeliverable' }]);
    expect(result.deferred).toBe(1);
    expect(result.claims).toEqual([]);
  });

  it('claims again a message an earlier attempt claimed but never dispatched', () => {
    const { claims } = plan([recipient(1, { status: 'SENDING', message: message() })]);
    expect(claims.map((claim) => claim.recipient.id)).toEqual(['r1']);
  });

  it('starts voice notes, and settles those an earlier attempt started by their voice workflow', () => {
    const started = { status: 'SENDING' as const };
    const recipients = [recipient(1), recipient(2, started), recipient(3, started)];
    expect(awaitingVoice(recipients, voice).map((r) => r.id)).toEqual(['r2', 'r3']);
    expect(awaitingVoice(recipients, template)).toEqual([]);
    const result = plan(recipients, { content: voice, voiceFailed: new Set(['r3']) });
    expect(result.voices).toEqual([{ recipient: recipients[0], script: 'Hola Lead' }]);
    expect(result.deferred).toBe(1);
    expect(result.failed).toEqual([expect.objectContaining({ recipientId: 'r3', messageId: null, code: 'voice_failed' })]);
  });
});

describe('planBatch applies the agency limits on each lead', () => {
  const cap = { messages: 2, days: 7 };

  it('skips the leads a marketing cap already reached, saying which cap, before anything is rendered', () => {
    const result = plan([recipient(1), recipient(2, {}, { name: null }), recipient(3, {}, { optOut: true })], { frequencyCapped: { cap, leadIds: new Set(['l1', 'l2', 'l3']) } });
    expect(result.claims).toEqual([]);
    expect(result.skipped).toEqual([
      { recipientId: 'r1', reason: 'frequency_cap', description: "The lead already got the agency's maximum of 2 marketing messages in 7 days" },
      { recipientId: 'r2', reason: 'frequency_cap', description: "The lead already got the agency's maximum of 2 marketing messages in 7 days" },
      { recipientId: 'r3', reason: 'opted_out', description: expect.any(String) },
    ]);
  });

  it('sends the leads under the cap', () => {
    const { claims, skipped } = plan([recipient(1), recipient(2)], { frequencyCapped: { cap, leadIds: new Set(['l2']) } });
    expect(claims.map((claim) => claim.recipient.id)).toEqual(['r1']);
    expect(skipped.map((skip) => skip.recipientId)).toEqual(['r2']);
  });

  it('puts off to a later pass, unsent and unsettled, a lead messaged within the pair rate', () => {
    const result = plan([recipient(1), recipient(2)], { recentlyMessaged: new Set(['l2']) });
    expect(result.claims.map((claim) => claim.recipient.id)).toEqual(['r1']);
    expect([result.retryLater, result.skipped, result.sent, result.failed]).toEqual([1, [], [], []]);
    const voices = plan([recipient(1), recipient(2)], { content: voice, recentlyMessaged: new Set(['l1']) });
    expect([voices.voices.map((send) => send.recipient.id), voices.retryLater]).toEqual([['r2'], 1]);
  });
});

describe('fitCapacity', () => {
  const claimsFor = (...recipients: BatchRecipient[]) => plan(recipients).claims;

  it('keeps templates to leads the limit would not count again, then others while capacity remains, in order', () => {
    const claims = claimsFor(recipient(1), recipient(2), recipient(3), recipient(4), recipient(5));
    const { kept, held } = fitCapacity(claims, { remaining: 2, free: new Set(['l2']) });
    expect(kept.map((claim) => claim.recipient.id)).toEqual(['r1', 'r2', 'r3']);
    expect(held).toBe(2);
  });

  it('holds every new template when nothing remains, and nothing when the tier is unlimited', () => {
    const claims = claimsFor(recipient(1), recipient(2));
    expect(fitCapacity(claims, { remaining: 0, free: new Set(['l1']) })).toEqual({ kept: [claims[0]], held: 1 });
    expect(fitCapacity(claims, { remaining: null, free: new Set() })).toEqual({ kept: claims, held: 0 });
  });

  it('never holds a message that is not a template', () => {
    const claims = plan([recipient(1), recipient(2)], { content: { kind: 'text', body: 'Hola {{lead.firstName}}' } }).claims;
    expect(fitCapacity(claims, { remaining: 0, free: new Set() })).toEqual({ kept: claims, held: 0 });
  });
});

describe('settleClaims', () => {
  it('sends only the claimed messages still open, remembering the dispatch time it read', () => {
    const { claims } = plan([recipient(1), recipient(2), recipient(3)]);
    const seen = new Date(NOW - 11 * 60_000);
    const stored = new Map([
      ['r1', message({ id: 'm1' })],
      ['r2', message({ id: 'm2', providerMessageId: 'wamid.2', status: 'SENT' })],
      ['r3', message({ id: 'm3', sendAttemptedAt: seen })],
    ]);
    const settled = settleClaims(claims, stored, new Map(), NOW);
    expect(settled.toSend.map(({ messageId, seen }) => [messageId, seen])).toEqual([
      ['m1', null],
      ['m3', seen],
    ]);
    expect(settled.sent.map((outcome) => outcome.messageId)).toEqual(['m2']);
  });
});
