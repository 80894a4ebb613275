import fc from 'fast-check';
import { CATCH_UP_MS, Pacer } from './pacer';
import { FakeClock } from './testing/fake-clock';

const OPEN = Number.MAX_SAFE_INTEGER;

/** Takes `count` slots, the clock jumping `stalls[i]` ms before slot i (a slow write); answers when each was decided for and granted. */
async function take(pacer: Pacer, clock: FakeClock, count: number, stalls: number[] = []) {
  const slots: { at: number; granted: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    clock.advance(stalls[i] ?? 0);
    const at = await pacer.slot();
    if (at === null) break;
    slots.push({ at, granted: clock.now() });
  }
  return slots;
}

/** The most slots granted at one instant: a burst. */
function largestBurst(slots: { granted: number }[]): number {
  const byInstant = new Map<number, number>();
  for (const { granted } of slots) byInstant.set(granted, (byInstant.get(granted) ?? 0) + 1);
  return Math.max(...byInstant.values());
}

describe('Pacer', () => {
  it('spaces slots evenly from the start of its window', async () => {
    const clock = new FakeClock(1_000_000);
    const pacer = new Pacer(100, { start: 1_000_000, end: OPEN }, clock);
    const slots = await take(pacer, clock, 4);
    expect(slots).toEqual([1_000_000, 1_000_010, 1_000_020, 1_000_030].map((at) => ({ at, granted: at })));
    expect(pacer.notBefore).toBe(1_000_040);
  });

  it('waits for a window that starts later, then starts exactly at its start', async () => {
    const clock = new FakeClock(5_000);
    const slots = await take(new Pacer(20, { start: 5_300, end: OPEN }, clock), clock, 2);
    expect(slots).toEqual([{ at: 5_300, granted: 5_300 }, { at: 5_350, granted: 5_350 }]);
  });

  it('catches up at most CATCH_UP_MS of a window that started earlier, and drops the rest', async () => {
    const clock = new FakeClock(5_000);
    const slots = await take(new Pacer(80, { start: 0, end: OPEN }, clock), clock, 12);
    expect(slots[0]).toEqual({ at: 5_000 - CATCH_UP_MS, granted: 5_000 });
    expect(largestBurst(slots)).toBe(CATCH_UP_MS / 12.5 + 1);
  });

  it('catches up at most CATCH_UP_MS after falling behind mid-batch, then keeps its spacing', async () => {
    const clock = new FakeClock(0);
    const slots = await take(new Pacer(20, { start: 0, end: OPEN }, clock), clock, 10, [0, 0, 0, 1_000]);
    expect(slots.map((slot) => slot.at)).toEqual([0, 50, 100, 1_000, 1_050, 1_100, 1_150, 1_200, 1_250, 1_300]);
    expect(slots.slice(3, 6).map((slot) => slot.granted)).toEqual([1_100, 1_100, 1_100]);
    expect(largestBurst(slots)).toBe(CATCH_UP_MS / 50 + 1);
  });

  it('never grants more than the rate plus its catch-up allowance in any stretch of time, however it stalls', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 60 }), async (perSecond, stalls) => {
        const clock = new FakeClock(10_000);
        const slots = await take(new Pacer(perSecond, { start: 9_000, end: OPEN }, clock), clock, 60, stalls.map((stall, i) => (i % 7 === 3 ? stall : 0)));
        const spacing = 1000 / perSecond;
        const excess = slots.flatMap((first, i) => slots.slice(i).filter((last, n) => n + 1 > Math.floor((last.granted - first.granted + CATCH_UP_MS) / spacing + 1e-6) + 1));
        expect(excess).toEqual([]);
      }),
      { seed: 20261203, numRuns: 100 },
    );
  });

  it('continues where the previous window left off through notBefore', async () => {
    const clock = new FakeClock(0);
    const first = new Pacer(20, { start: 0, end: 250 }, clock);
    const before = await take(first, clock, 5);
    const second = new Pacer(20, { start: first.notBefore, end: first.notBefore + 250 }, clock);
    const after = await take(second, clock, 5);
    expect([...before, ...after].map((slot) => slot.at)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450]);
  });

  it('refuses a slot that would end past its window: the next booking on the number starts there', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(20, { start: 0, end: 200 }, clock);
    expect(pacer.fitting(10)).toBe(4);
    clock.advance(130);
    expect(pacer.fitting(10)).toBe(3);
    const slots = await take(pacer, clock, 10);
    expect(slots.map((slot) => slot.at)).toEqual([30, 80, 130]);
    expect(await pacer.slot()).toBeNull();
  });
});
