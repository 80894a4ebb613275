import { eventually } from './eventually';

describe('eventually', () => {
  it('returns the first value that satisfies the predicate', async () => {
    let probes = 0;
    expect(await eventually(() => (probes += 1), (n) => n === 3, 1_000, 1)).toBe(3);
  });

  it('fails at the deadline, naming the predicate and the last value probed', async () => {
    await expect(eventually(() => ({ sent: 1 }), (value) => value.sent === 2, 20, 5)).rejects.toThrow(/value\.sent === 2.* within 20 ms; last value: \{"sent":1\}$/);
    await expect(eventually(() => undefined, Boolean, 20, 5, 'the row exists')).rejects.toThrow('eventually: the row exists did not hold within 20 ms; last value: undefined');
  });

  it('cuts a long last value short, and shows one that is not JSON', async () => {
    const long = eventually(() => 'x'.repeat(5_000), () => false, 0, 1);
    await expect(long).rejects.toThrow(/x{1000}… \(5002 chars\)$/);
    const circular: { self?: unknown } = {};
    circular.self = circular;
    await expect(eventually(() => circular, () => false, 0, 1)).rejects.toThrow('[Circular');
  });
});
