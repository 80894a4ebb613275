import fc from 'fast-check';
import type { Database } from '../../prisma/client';
import { createTestTenant, openDatabase } from '../../testing/harness';
import { configureWhatsAppChannel } from '../../testing/whatsapp-harness';
import { LATE_MS, Pacer, spacingMs, type SendWindow } from './pacer';
import { bookSendWindow, waitForSendSlot } from './send-window';
import { FakeClock, OversleepingClock } from './testing/fake-clock';
import { peakPerSecond } from './testing/peak-per-second';

const NUMBER_LIMIT = 20;
const BATCH = 10;
const T0 = 1_800_000_000_000;

interface Sender {
  clock: FakeClock;
  notBefore: number;
  left: number;
  /** A campaign's batch; 1 for a sender of single messages, which books at the number's own limit. */
  batch: number;
  /** Time lost after each slot (slow writes), in the order slots are taken. */
  stalls: number[];
  turnaroundMs: number;
}

describe('bookSendWindow: campaigns and single sends sharing a number', () => {
  let db: Database;
  let tenantId: string;

  beforeAll(async () => {
    db = openDatabase();
    tenantId = (await createTestTenant(db, 'Ventanas')).id;
    await configureWhatsAppChannel(db, tenantId, 'app-secret-for-tests');
    await db.inTenant(tenantId, (tx) => tx.whatsAppChannel.updateMany({ data: { messagesPerSecond: NUMBER_LIMIT } }));
  });
  afterAll(async () => {
    await db.disconnect();
  });

  const book = (sends: number, notBefore: number, now: number, perSecond: number | undefined = NUMBER_LIMIT) => db.sqlInTenant(tenantId, (query) => bookSendWindow(query, { sends, perSecond, notBefore, now }));
  const freeNumber = () => db.inTenant(tenantId, (tx) => tx.whatsAppChannel.updateMany({ data: { sendWindowEnd: null } }));

  /**
   * Runs senders on fake clocks, as sendCampaignBatch and sendMessage do: book a window from the
   * sender's notBefore, take the pacer's slots in it, book again for what the window had no room for.
   */
  async function simulate(senders: Sender[]) {
    const windows: SendWindow[] = [];
    const slots: { at: number; granted: number; window: SendWindow }[] = [];
    for (let sender = senders.find((s) => s.left > 0); sender; sender = senders.filter((s) => s.left > 0).sort((a, b) => a.clock.now() - b.clock.now())[0]) {
      let batch = Math.min(sender.batch, sender.left);
      let notBefore = sender.notBefore;
      while (batch > 0) {
        const window = await book(batch, notBefore, sender.clock.now(), sender.batch === 1 ? undefined : NUMBER_LIMIT);
        windows.push(window);
        const pacer = new Pacer(window.perSecond, window, sender.clock);
        for (let at = await pacer.slot(); at !== null; at = batch > 0 ? await pacer.slot() : null) {
          slots.push({ at, granted: sender.clock.now(), window });
          batch -= 1;
          sender.left -= 1;
          sender.clock.advance(sender.stalls.shift() ?? 0);
        }
        notBefore = Math.max(pacer.notBefore, sender.clock.now());
        // Single sends are each booked anew; a campaign's next batch continues its schedule.
        if (sender.batch > 1) sender.notBefore = pacer.notBefore;
      }
      sender.clock.advance(sender.turnaroundMs);
    }
    return { windows, slots };
  }

  it('starts a booking at the campaign’s own notBefore when that is later, so the next booking follows it', async () => {
    await freeNumber();
    expect(await book(BATCH, 0, T0)).toEqual({ start: T0 + LATE_MS, end: T0 + LATE_MS + 520, perSecond: NUMBER_LIMIT });
    expect(await book(BATCH, T0 + 600, T0)).toEqual({ start: T0 + 600, end: T0 + 1_120, perSecond: NUMBER_LIMIT });
    expect(await book(BATCH, T0 + 400, T0 + 50)).toEqual({ start: T0 + 1_120, end: T0 + 1_640, perSecond: NUMBER_LIMIT });
  });

  it('books a single send one slot at the number’s own limit, after what is booked', async () => {
    await freeNumber();
    await book(BATCH, 0, T0, 5);
    expect(await book(1, 0, T0, undefined)).toEqual({ start: T0 + LATE_MS + 2_080, end: T0 + LATE_MS + 2_080 + spacingMs(NUMBER_LIMIT), perSecond: NUMBER_LIMIT });
  });

  it('has a single send wait for a slot of its own, after what is booked, and fail retryably when its process cannot take one in time', async () => {
    await freeNumber();
    await book(BATCH, 0, T0, 5);
    const clock = new FakeClock(T0);
    await waitForSendSlot(db, tenantId, clock);
    expect(clock.now()).toBe(T0 + LATE_MS + 2_080);
    expect(await book(1, 0, T0, undefined)).toMatchObject({ start: T0 + LATE_MS + 2_080 + spacingMs(NUMBER_LIMIT) });
    await expect(waitForSendSlot(db, tenantId, new OversleepingClock(T0, LATE_MS + 1))).rejects.toMatchObject({ type: 'NoSendSlot', nonRetryable: false });
  });

  it('never lets two windows overlap, nor the sends of campaigns and single senders exceed the number’s limit in any second', async () => {
    const stalls = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: LATE_MS + 1 }), fc.integer({ min: 1, max: 400 })), { maxLength: 40 });
    const campaign = fc.record({ startMs: fc.integer({ min: 0, max: 300 }), aheadMs: fc.integer({ min: -300, max: 800 }), turnaroundMs: fc.integer({ min: 0, max: 300 }), stalls });
    const replies = fc.record({ startMs: fc.integer({ min: 0, max: 1_500 }), turnaroundMs: fc.integer({ min: 0, max: 100 }), stalls, count: fc.integer({ min: 0, max: 15 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(campaign, { minLength: 1, maxLength: 3 }), fc.array(replies, { maxLength: 2 }), async (campaigns, repliers) => {
        await freeNumber();
        const senders = [
          ...campaigns.map((setup) => ({ clock: new FakeClock(T0 + setup.startMs), notBefore: T0 + setup.startMs + setup.aheadMs, left: 4 * BATCH, batch: BATCH, stalls: [...setup.stalls], turnaroundMs: setup.turnaroundMs })),
          ...repliers.map((setup) => ({ clock: new FakeClock(T0 + setup.startMs), notBefore: 0, left: setup.count, batch: 1, stalls: [...setup.stalls], turnaroundMs: setup.turnaroundMs })),
        ];
        const { windows, slots } = await simulate(senders);

        expect(slots).toHaveLength(campaigns.length * 4 * BATCH + repliers.reduce((total, replier) => total + replier.count, 0));
        const byStart = [...windows].sort((a, b) => a.start - b.start);
        expect(byStart.filter((window, i) => i > 0 && window.start < byStart[i - 1]!.end)).toEqual([]);
        expect(slots.filter(({ at, window }) => at < window.start || at + spacingMs(NUMBER_LIMIT) > window.end + 1e-6)).toEqual([]);
        expect(peakPerSecond(slots.map((slot) => slot.granted))).toBeLessThanOrEqual(NUMBER_LIMIT);
      }),
      { seed: 20261203, numRuns: 25 },
    );
  });
});
