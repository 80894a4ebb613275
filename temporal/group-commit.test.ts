import { groupCommit, groupedPerTenant, tenantShard } from './group-commit';

function deferred() {
  let release!: (error?: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    release = (error) => (error ? reject(error) : resolve());
  });
  return { done, release };
}

describe('groupCommit', () => {
  function recorder(maxPerCommit = 100) {
    const commits: { lane: string; items: number[]; finish: (error?: Error) => void }[] = [];
    const lanes = groupCommit<ReturnType<typeof tenantShard>, number>({
      maxPerCommit,
      commit: (lane, items) => {
        const gate = deferred();
        commits.push({ lane: lane.key, items, finish: gate.release });
        return gate.done;
      },
    });
    return { commits, lanes };
  }
  const settled = (promise: Promise<void>) => promise.then(() => 'ok', (error: Error) => error.message);
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('sends the first items at once and gathers what arrives meanwhile into one next commit', async () => {
    const { commits, lanes } = recorder();
    const first = lanes.addAll([1], () => tenantShard('a', 0));
    const second = lanes.addAll([2, 3], () => tenantShard('a', 0));
    const third = lanes.addAll([4], () => tenantShard('a', 0));
    await tick();
    expect(commits.map((commit) => commit.items)).toEqual([[1]]);
    commits[0]!.finish();
    await first;
    await tick();
    expect(commits.map((commit) => commit.items)).toEqual([[1], [2, 3, 4]]);
    commits[1]!.finish();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
  });

  it('fails only the callers whose items were in the failed commit, and keeps lanes apart', async () => {
    const { commits, lanes } = recorder(2);
    const inFlight = settled(lanes.addAll([1], () => tenantShard('a', 0)));
    const tooMany = settled(lanes.addAll([2, 3], () => tenantShard('a', 0)));
    const next = settled(lanes.addAll([4], () => tenantShard('a', 0)));
    const split = settled(lanes.addAll([5, 6], (item) => tenantShard('b', item % 2)));
    await tick();
    expect(commits.map((commit) => [commit.lane, commit.items])).toEqual([['a:0', [1]], ['b:1', [5]], ['b:0', [6]]]);
    commits[0]!.finish(new Error('temporal unavailable'));
    await tick();
    expect(commits[3]).toMatchObject({ lane: 'a:0', items: [2, 3] });
    commits[3]!.finish();
    await tick();
    expect(commits[4]).toMatchObject({ lane: 'a:0', items: [4] });
    commits[4]!.finish();
    commits[1]!.finish();
    commits[2]!.finish();
    expect(await Promise.all([inFlight, tooMany, next, split])).toEqual(['temporal unavailable', 'ok', 'ok', 'ok']);
  });

  it('groupedPerTenant: one write per tenant in flight, the calls meanwhile gathered into the next', async () => {
    const writes: { tenantId: string; items: string[]; finish: () => void }[] = [];
    const write = groupedPerTenant<string>((tenantId, items) => {
      const gate = deferred();
      writes.push({ tenantId, items, finish: () => gate.release() });
      return gate.done;
    }, 10);
    const calls = [write('a', ['1']), write('a', ['2']), write('b', ['3']), write('a', ['4', '5'])];
    await tick();
    expect(writes.map(({ tenantId, items }) => [tenantId, items])).toEqual([['a', ['1']], ['b', ['3']]]);
    writes[0]!.finish();
    await tick();
    expect(writes[2]).toMatchObject({ tenantId: 'a', items: ['2', '4', '5'] });
    writes[1]!.finish();
    writes[2]!.finish();
    await expect(Promise.all(calls)).resolves.toHaveLength(4);
  });
});
