import fc from 'fast-check';
import { LATE_MS, PACED_SECOND_MS, Pacer, spacingMs } from './pacer';
import { FakeClock, OversleepingClock } from './testing/fake-clock';
import { peakPerSecond } from './testing/peak-per-second';

const OPEN = Number.MAX_SAFE_INTEGER;

/** Takes `count` slots, the clock jumping `stalls[i]` ms before slot i (a slow write); answers when each was scheduled for and granted. */
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

describe('Pacer', () => {
  it('spaces slots 4% further apart than the limit asks, from the start of its window', async () => {
    const clock = new FakeClock(1_000_000);
    // 1,040 / 104: ten milliseconds, where the limit asks for 9.6.
    const pacer = new Pacer(104, { start: 1_000_000, end: OPEN }, clock);
    const slots = await take(pacer, clock, 4);
    expect(slots).toEqual([1_000_000, 1_000_010, 1_000_020, 1_000_030].map((at) => ({ at, granted: at })));
    expect(pacer.notBefore).toBe(1_000_040);
  });

  it('waits for a window that starts later, then starts exactly at its start', async () => {
    const clock = new FakeClock(5_000);
    const slots = await take(new Pacer(20, { start: 5_300, end: OPEN }, clock), clock, 2);
    expect(slots).toEqual([{ at: 5_300, granted: 5_300 }, { at: 5_352, granted: 5_352 }]);
  });

  it('waits until the next slot is due without taking it', async () => {
    const clock = new FakeClock(5_000);
    const pacer = new Pacer(20, { start: 5_300, end: 5_352 }, clock);
    expect(await pacer.ready()).toBe(true);
    expect(clock.now()).toBe(5_300);
    expect(await pacer.slot()).toBe(5_300);
    expect(clock.now()).toBe(5_300);
    expect(await pacer.ready()).toBe(false);
  });

  it('starts a window that began more than LATE_MS ago from now, catching nothing up', async () => {
    const clock = new FakeClock(5_000);
    const slots = await take(new Pacer(20, { start: 0, end: OPEN }, clock), clock, 12);
    expect(slots.map((slot) => slot.granted)).toEqual(slots.map((slot) => slot.at));
    expect(slots.map((slot) => slot.at)).toEqual(Array.from({ length: 12 }, (_, i) => 5_000 + 52 * i));
  });

  it('takes a slot up to LATE_MS late on its schedule, and loses it when later', async () => {
    const clock = new FakeClock(0);
    const slots = await take(new Pacer(20, { start: 0, end: OPEN }, clock), clock, 6, [0, 52 + LATE_MS, 0, 0, 1_000]);
    expect(slots.map((slot) => slot.at)).toEqual([0, 52, 104, 156, 1_156, 1_208]);
    expect(slots.map((slot) => slot.granted)).toEqual([0, 52 + LATE_MS, 104, 156, 1_156, 1_208]);
  });

  it('loses a slot it wakes up for more than LATE_MS late', async () => {
    const punctual = new OversleepingClock(0, LATE_MS);
    expect((await take(new Pacer(20, { start: 0, end: OPEN }, punctual), punctual, 3)).map((slot) => slot.at)).toEqual([0, 52, 104]);
    const late = new OversleepingClock(0, LATE_MS + 2);
    expect((await take(new Pacer(20, { start: 0, end: OPEN }, late), late, 3)).map((slot) => slot.at)).toEqual([0, 52 + LATE_MS + 2, 2 * (52 + LATE_MS + 2)]);
  });

  it('keeps slots at least 1000/limit apart and sends within LATE_MS of them, so no second holds more than the limit, however it stalls', async () => {
    const stall = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: LATE_MS + 1 }), fc.integer({ min: 0, max: 700 }));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 120 }), fc.array(stall, { maxLength: 300 }), fc.integer({ min: 0, max: LATE_MS + 3 }), async (perSecond, stalls, oversleep) => {
        const clock = new OversleepingClock(10_000, oversleep);
        const slots = await take(new Pacer(perSecond, { start: 9_000, end: OPEN }, clock), clock, 300, stalls);
        expect(slots.filter((slot, i) => i > 0 && slot.at - slots[i - 1]!.at < 1000 / perSecond)).toEqual([]);
        expect(slots.filter((slot) => slot.granted < slot.at || slot.granted > slot.at + LATE_MS)).toEqual([]);
        const granted = slots.map((slot) => slot.granted);
        expect(peakPerSecond(granted)).toBeLessThanOrEqual(perSecond);
        // What is left of every second for the way to the provider.
        expect(granted.filter((time, i) => i >= perSecond && time - granted[i - perSecond]! < PACED_SECOND_MS - LATE_MS - 1e-6)).toEqual([]);
      }),
      { seed: 20261203, numRuns: 200 },
    );
  });

  it('continues where the previous window left off through notBefore', async () => {
    const clock = new FakeClock(0);
    const first = new Pacer(20, { start: 0, end: 5 * spacingMs(20) }, clock);
    const before = await take(first, clock, 5);
    const second = new Pacer(20, { start: first.notBefore, end: first.notBefore + 5 * spacingMs(20) }, clock);
    const after = await take(second, clock, 5);
    expect([...before, ...after].map((slot) => slot.at)).toEqual(Array.from({ length: 10 }, (_, i) => 52 * i));
  });

  it('refuses a slot that would end past its window: the next booking on the number starts there', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(20, { start: 0, end: 260 }, clock);
    expect(pacer.fitting(10)).toBe(5);
    clock.advance(LATE_MS);
    expect(pacer.fitting(10)).toBe(5);
    clock.advance(60 - LATE_MS);
    expect(pacer.fitting(10)).toBe(3);
    const slots = await take(pacer, clock, 10);
    expect(slots.map((slot) => slot.at)).toEqual([60, 112, 164]);
    expect(await pacer.slot()).toBeNull();
  });
});
