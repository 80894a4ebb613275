import { sqlOf, type Database } from '../client';
import type { Channel } from '../generated/client';
import { createTestTenant, openDatabase, testConfig } from '../../testing/harness';
import { testWebhookInbox } from '../../testing/api-harness';
import { recordStatuses } from '../../testing/inbox-harness';
import { dispatchOutcome, markDispatched, NO_EVIDENCE, releaseDispatch, sendEvidence, type DispatchState } from './send-dispatch';

const at = (ms: number) => new Date(ms);
const T = Date.parse('2026-11-27T12:00:00Z');
const confirmed = (ms: number, refusedMs?: number) => ({ confirmedThrough: at(ms), refusedAt: refusedMs === undefined ? null : at(refusedMs) });

describe('dispatchOutcome', () => {
  const dispatched = (channel: Channel = 'WHATSAPP_CLOUD'): DispatchState => ({ channel, providerMessageId: null, status: 'QUEUED', sendAttemptedAt: at(T) });

  it('settles what the provider answered and opens what was never dispatched', () => {
    expect(dispatchOutcome({ ...dispatched(), providerMessageId: 'wamid.1' }, NO_EVIDENCE, T)).toBe('sent');
    expect(dispatchOutcome({ ...dispatched(), status: 'FAILED' }, NO_EVIDENCE, T)).toBe('failed');
    expect(dispatchOutcome({ ...dispatched(), sendAttemptedAt: null }, NO_EVIDENCE, T)).toBe('open');
  });

  it('waits on a lost answer until a send dispatched well after it is confirmed and a minute has passed, or ten minutes pass', () => {
    expect(dispatchOutcome(dispatched(), NO_EVIDENCE, T + 60_000)).toBe('unknown');
    expect(dispatchOutcome(dispatched(), confirmed(T + 2_000), T + 60_000)).toBe('unknown');
    expect(dispatchOutcome(dispatched(), confirmed(T + 5_000), T + 60_000)).toBe('open');
    expect(dispatchOutcome(dispatched(), NO_EVIDENCE, T + 10 * 60_000)).toBe('open');
  });

  it('does not take statuses out of order for a lost send: its own may still come on a retry', () => {
    expect(dispatchOutcome(dispatched(), confirmed(T + 5_000), T + 6_000)).toBe('unknown');
    expect(dispatchOutcome(dispatched(), confirmed(T + 30_000), T + 59_999)).toBe('unknown');
  });

  it('takes no overtaking status as evidence once a webhook delivery was refused after the dispatch: it waits ten minutes from the refusal', () => {
    expect(dispatchOutcome(dispatched(), confirmed(T + 5_000, T + 1_000), T + 60_000)).toBe('unknown');
    expect(dispatchOutcome(dispatched(), confirmed(T + 5_000, T - 4_000), T + 60_000)).toBe('unknown');
    expect(dispatchOutcome(dispatched(), confirmed(T + 5_000, T + 1_000), T + 10 * 60_000)).toBe('unknown');
    expect(dispatchOutcome(dispatched(), confirmed(T + 5_000, T + 1_000), T + 1_000 + 10 * 60_000)).toBe('open');
    // A refusal well before the dispatch cannot hold its status.
    expect(dispatchOutcome(dispatched(), confirmed(T + 5_000, T - 6_000), T + 60_000)).toBe('open');
  });

  it('gives channels without status callbacks thirty seconds', () => {
    expect(dispatchOutcome(dispatched('MANYCHAT'), confirmed(T + 20_000), T + 20_000)).toBe('unknown');
    expect(dispatchOutcome(dispatched('MANYCHAT'), NO_EVIDENCE, T + 30_000)).toBe('open');
  });
});

describe('dispatch marks and confirmations in PostgreSQL', () => {
  let db: Database;
  beforeAll(() => {
    db = openDatabase();
  });
  afterAll(() => db.disconnect());

  async function outbound(tenantId: string, key: string, sendAttemptedAt: Date | null = null) {
    return db.inTenant(tenantId, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId, phone: `+54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } });
      return tx.message.create({ data: { tenantId, leadId: lead.id, direction: 'OUTBOUND', type: 'TEXT', channel: 'WHATSAPP_CLOUD', idempotencyKey: key, status: 'QUEUED', sendAttemptedAt } });
    });
  }

  it('lets one of several attempts that read the same state dispatch each message, and only the dispatcher release it', async () => {
    const tenantId = (await createTestTenant(db, 'Despacho')).id;
    const messages = await Promise.all(Array.from({ length: 10 }, (_, i) => outbound(tenantId, `race:${i}`)));
    const attempts = await Promise.all([0, 1, 2].map(() => db.inTenant(tenantId, (tx) => markDispatched(sqlOf(tx), tenantId, messages.map((message) => ({ id: message.id, seen: null }))))));
    for (const message of messages) expect(attempts.filter((attempt) => attempt.won.has(message.id))).toHaveLength(1);

    const [first] = messages;
    const winner = attempts.find((attempt) => attempt.won.has(first!.id))!;
    const stored = () => db.inTenant(tenantId, async (tx) => (await tx.message.findUniqueOrThrow({ where: { id: first!.id } })).sendAttemptedAt);
    expect(await stored()).toEqual(winner.at);
    await db.inTenant(tenantId, (tx) => releaseDispatch(sqlOf(tx), first!.id, at(winner.at.getTime() - 1)));
    expect(await stored()).toEqual(winner.at);
    await db.inTenant(tenantId, (tx) => releaseDispatch(sqlOf(tx), first!.id, winner.at));
    expect(await stored()).toBeNull();

    const again = await db.inTenant(tenantId, (tx) => markDispatched(sqlOf(tx), tenantId, [{ id: first!.id, seen: winner.at }, { id: messages[1]!.id, seen: null }]));
    expect([...again.won]).toEqual([]);
    const second = await db.inTenant(tenantId, (tx) => tx.message.findUniqueOrThrow({ where: { id: messages[1]!.id } }));
    const retaken = await db.inTenant(tenantId, (tx) => markDispatched(sqlOf(tx), tenantId, [{ id: second.id, seen: second.sendAttemptedAt }]));
    expect([...retaken.won]).toEqual([second.id]);
  });

  it('confirms through the newest dispatch whose status came, in the agency that owns it only, and tells the refusals of its own deployment', async () => {
    const [a, b] = [(await createTestTenant(db, 'Confirma A')).id, (await createTestTenant(db, 'Confirma B')).id];
    await outbound(a, 'lost', at(T));
    await outbound(a, 'later', at(T + 6_000));
    await outbound(a, 'unconfirmed', at(T + 9_000));
    await outbound(b, 'other', at(T + 60_000));
    const config = testConfig();
    const evidence = (tenantId: string, channel: Channel, taskQueue = config.temporal.taskQueue) => db.inTenant(tenantId, (tx) => sendEvidence(sqlOf(tx), channel, taskQueue));
    expect(await evidence(a, 'WHATSAPP_CLOUD')).toEqual(NO_EVIDENCE);

    const status = (key: string, wamid: string) => ({ providerMessageId: wamid, status: 'sent' as const, at: new Date().toISOString(), recipient: '5491100000000', callbackData: key });
    const inbox = testWebhookInbox(config);
    await recordStatuses(inbox, a, [status('later', 'wamid.later')]);
    await recordStatuses(inbox, b, [status('other', 'wamid.other')]);
    inbox.noteUnacknowledged(at(T + 20_000));
    inbox.noteUnacknowledged(at(T + 30_000));
    inbox.noteUnacknowledged(at(T + 10_000));
    await inbox.close();

    expect(await evidence(a, 'WHATSAPP_CLOUD')).toEqual({ confirmedThrough: at(T + 6_000), refusedAt: at(T + 30_000) });
    expect(await evidence(a, 'WHATSAPP_WEB')).toEqual({ confirmedThrough: null, refusedAt: at(T + 30_000) });
    expect(await evidence(a, 'WHATSAPP_CLOUD', testConfig().temporal.taskQueue)).toEqual({ confirmedThrough: at(T + 6_000), refusedAt: null });
  });
});
