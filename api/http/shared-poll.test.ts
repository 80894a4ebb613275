import { sharedPoll } from './shared-poll';

const INTERVAL_MS = 20;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i += 1) await wait(10);
  expect(check()).toBe(true);
}

describe('sharedPoll', () => {
  it('reads once per tick for every listener of a key, and only what changed', async () => {
    const readAt: number[] = [];
    const read = async () => {
      readAt.push(performance.now());
      return Math.min(readAt.length, 3);
    };
    const poll = sharedPoll<number>(INTERVAL_MS);
    const first: number[] = [];
    const second: number[] = [];
    const stopFirst = poll.subscribe('campaign-1', read, (value) => first.push(value));
    await wait(5);
    const stopSecond = poll.subscribe('campaign-1', read, (value) => second.push(value));
    await until(() => first.length === 3 && second.length === 3);
    stopFirst();
    stopSecond();
    const readsWhenStopped = readAt.length;
    await wait(3 * INTERVAL_MS);

    expect(first).toEqual([1, 2, 3]);
    expect(second).toEqual([1, 2, 3]);
    // One poll for both listeners: reads never come closer together than the interval (two polls would).
    const gaps = readAt.slice(1).map((at, index) => at - readAt[index]!);
    expect(gaps.filter((gap) => gap < INTERVAL_MS - 2)).toEqual([]);
    expect(readAt).toHaveLength(readsWhenStopped);
  });

  it('keeps keys apart and goes on after a failed read', async () => {
    let failures = 0;
    const poll = sharedPoll<string>(10, () => (failures += 1));
    const seen: string[] = [];
    let attempt = 0;
    const readA = async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('database busy');
      return 'a';
    };
    const stopA = poll.subscribe('a', readA, (value) => seen.push(value));
    const stopB = poll.subscribe('b', async () => 'b', (value) => seen.push(value));
    await until(() => seen.length === 2);
    stopA();
    stopB();
    expect(failures).toBe(1);
    expect(seen.sort()).toEqual(['a', 'b']);
  });
});
