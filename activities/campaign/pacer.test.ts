import { Pacer } from './pacer';

describe('Pacer', () => {
  it('spaces slots at the rate and continues the previous batch’s schedule', async () => {
    let now = 1_000_000;
    const pacer = new Pacer(100, now, () => now);
    const waits: number[] = [];
    const original = global.setTimeout;
    global.setTimeout = ((fn: () => void, ms: number) => {
      waits.push(ms);
      now += ms;
      fn();
      return 0;
    }) as unknown as typeof setTimeout;
    try {
      for (let i = 0; i < 4; i += 1) await pacer.slot();
    } finally {
      global.setTimeout = original;
    }
    expect(waits).toEqual([10, 10, 10]);
    expect(pacer.notBefore).toBe(1_000_040);
  });

  it('catches up at most 100 ms after a gap, so no long burst follows a pause', () => {
    expect(new Pacer(80, 0, () => 5_000).notBefore).toBe(4_900);
    expect(new Pacer(80, 4_950, () => 5_000).notBefore).toBe(4_950);
  });
});
