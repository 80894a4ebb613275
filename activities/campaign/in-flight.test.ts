import { InFlight, inFlightLimited } from './in-flight';

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('InFlight', () => {
  it('starts work without waiting for it, holding the caller only while `limit` run', async () => {
    const pool = new InFlight(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      await pool.start(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await later(5 + (i % 3));
        running -= 1;
      });
    }
    expect(running).toBeGreaterThan(0);
    await pool.drain();
    expect(running).toBe(0);
    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rethrows the first failure to the next start and to drain, never as an unhandled rejection', async () => {
    const pool = new InFlight(10);
    let second = false;
    await pool.start(async () => {
      await later(5);
      throw new Error('first');
    });
    await pool.start(async () => {
      await later(10);
      second = true;
      throw new Error('second');
    });
    await later(7);
    await expect(pool.start(async () => undefined)).rejects.toThrow('first');
    await expect(pool.drain()).rejects.toThrow('first');
    expect(second).toBe(true);
  });
});

describe('inFlightLimited', () => {
  it('answers the items left unstarted once `beforeEach` refuses, after the started ones finish', async () => {
    const done: number[] = [];
    let allowed = 4;
    const left = await inFlightLimited([1, 2, 3, 4, 5, 6], 2, async () => allowed-- > 0, async (item) => {
      await later(3);
      done.push(item);
    });
    expect(left).toEqual([5, 6]);
    expect(done.sort()).toEqual([1, 2, 3, 4]);
  });
});
