import fc from 'fast-check';
import type { Database } from '../../prisma/client';
import { createTestTenant, openDatabase } from '../../testing/harness';
import { configureWhatsAppChannel } from '../../testing/whatsapp-harness';
import { CATCH_UP_MS, Pacer, type SendWindow } from './pacer';
import { bookSendWindow } from './send-window';
import { FakeClock } from './testing/fake-clock';

const NUMBER_LIMIT = 20;
const SPACING_MS = 1000 / NUMBER_LIMIT;
const BATCH = 10;
const T0 = 1_800_000_000_000;

/** The most slots that fall in any half-open one-second stretch. */
function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let start = 0, end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= 1_000) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

interface Campaign {
  clock: FakeClock;
  notBefore: number;
  left: number;
  /** Time lost before each slot (slow writes), in the order slots are taken. */
  stalls: number[];
  turnaroundMs: number;
}

describe('bookSendWindow: campaigns sharing a number', () => {
  let db: Database;
  let tenantId: string;

  beforeAll(async () => {
    db = openDatabase();
    tenantId = (await createTestTenant(db, 'Ventanas')).id;
    await configureWhatsAppChannel(db, tenantId, 'app-secret-for-tests');
  });
  afterAll(async () => {
    await db.disconnect();
  });

  const book = (sends: number, notBefore: number, now: number) => db.inTenant(tenantId, (tx) => bookSendWindow(tx, { sends, perSecond: NUMBER_LIMIT, notBefore, now }));
  const freeNumber = () => db.inTenant(tenantId, (tx) => tx.whatsAppChannel.updateMany({ data: { sendWindowEnd: null } }));

  /**
   * Runs campaigns batch by batch on fake clocks, as sendCampaignBatch does: book a window from the
   * campaign's notBefore, take the pacer's slots in it, book again for what the window had no room for.
   */
  async function simulate(campaigns: Campaign[]) {
    const windows: SendWindow[] = [];
    const slots: { at: number; window: SendWindow }[] = [];
    for (let campaign = campaigns.find((c) => c.left > 0); campaign; campaign = campaigns.filter((c) => c.left > 0).sort((a, b) => a.clock.now() - b.clock.now())[0]) {
      let batch = Math.min(BATCH, campaign.left);
      let notBefore = campaign.notBefore;
      while (batch > 0) {
        const window = await book(batch, notBefore, campaign.clock.now());
        windows.push(window);
        const pacer = new Pacer(NUMBER_LIMIT, window, campaign.clock);
        for (let at = await pacer.slot(); at !== null; at = batch > 0 ? await pacer.slot() : null) {
          slots.push({ at, window });
          batch -= 1;
          campaign.left -= 1;
          campaign.clock.advance(campaign.stalls.shift() ?? 0);
        }
        notBefore = Math.max(pacer.notBefore, campaign.clock.now());
        campaign.notBefore = pacer.notBefore;
      }
      campaign.clock.advance(campaign.turnaroundMs);
    }
    return { windows, slots };
  }

  it('starts a booking at the campaign’s own notBefore when that is later, so the next booking follows it', async () => {
    await freeNumber();
    expect(await book(BATCH, 0, T0)).toEqual({ start: T0 - CATCH_UP_MS, end: T0 - CATCH_UP_MS + 500 });
    expect(await book(BATCH, T0 + 600, T0)).toEqual({ start: T0 + 600, end: T0 + 1_100 });
    expect(await book(BATCH, T0 + 400, T0 + 50)).toEqual({ start: T0 + 1_100, end: T0 + 1_600 });
  });

  it('never lets two campaigns’ windows overlap, nor their slots exceed the number’s limit in any second', async () => {
    const stalls = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 400 })), { maxLength: 40 });
    const campaign = fc.record({ startMs: fc.integer({ min: 0, max: 300 }), aheadMs: fc.integer({ min: -300, max: 800 }), turnaroundMs: fc.integer({ min: 0, max: 300 }), stalls });
    await fc.assert(
      fc.asyncProperty(fc.array(campaign, { minLength: 2, maxLength: 3 }), async (setups) => {
        await freeNumber();
        const campaigns = setups.map((setup) => ({ clock: new FakeClock(T0 + setup.startMs), notBefore: T0 + setup.startMs + setup.aheadMs, left: 4 * BATCH, stalls: [...setup.stalls], turnaroundMs: setup.turnaroundMs }));
        const { windows, slots } = await simulate(campaigns);

        expect(slots).toHaveLength(setups.length * 4 * BATCH);
        const byStart = [...windows].sort((a, b) => a.start - b.start);
        expect(byStart.filter((window, i) => i > 0 && window.start < byStart[i - 1]!.end)).toEqual([]);
        expect(slots.filter(({ at, window }) => at < window.start || at + SPACING_MS > window.end)).toEqual([]);
        expect(peakPerSecond(slots.map((slot) => slot.at))).toBeLessThanOrEqual(NUMBER_LIMIT);
      }),
      { seed: 20261203, numRuns: 25 },
    );
  });
});
