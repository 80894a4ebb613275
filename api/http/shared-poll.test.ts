import { sharedPoll } from './shared-poll';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sharedPoll', () => {
  it('reads once per tick for every listener of a key, and only what changed', async () => {
    let reads = 0;
    const read = async () => Math.min(++reads, 3);
    const poll = sharedPoll<number>(20);
    const first: number[] = [];
    const second: number[] = [];
    const stopFirst = poll.subscribe('campaign-1', read, (value) => first.push(value));
    await wait(5);
    const stopSecond = poll.subscribe('campaign-1', read, (value) => second.push(value));
    await wait(110);
    stopFirst();
    stopSecond();
    const readsWhenStopped = reads;
    await wait(60);

    expect(first).toEqual([1, 2, 3]);
    expect(second).toEqual([1, 2, 3]);
    expect(readsWhenStopped).toBeGreaterThanOrEqual(5);
    expect(readsWhenStopped).toBeLessThanOrEqual(7);
    expect(reads).toBe(readsWhenStopped);
  });

  it('keeps keys apart and goes on after a failed read', async () => {
    let failures = 0;
    const poll = sharedPoll<string>(10, () => (failures += 1));
    const seen: string[] = [];
    let attempt = 0;
    const stopA = poll.subscribe('a', async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('database busy');
      return 'a';
    }, (value) => seen.push(value));
    const stopB = poll.subscribe('b', async () => 'b', (value) => seen.push(value));
    await wait(50);
    stopA();
    stopB();
    expect(failures).toBe(1);
    expect(seen.sort()).toEqual(['a', 'b']);
  });
});
