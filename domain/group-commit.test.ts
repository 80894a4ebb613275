import { groupCommit } from './group-commit';

function deferred<T>() {
  let release!: (value: T | Error) => void;
  const done = new Promise<T>((resolve, reject) => {
    release = (value) => (value instanceof Error ? reject(value) : resolve(value));
  });
  return { done, release };
}

describe('groupCommit', () => {
  function recorder(maxPerCommit = 100) {
    const commits: { lane: string; items: number[]; finish: (outcome?: readonly unknown[] | Error) => void }[] = [];
    const lanes = groupCommit<number>({
      maxPerCommit,
      commit: (lane, items) => {
        const gate = deferred<readonly unknown[] | void>();
        commits.push({ lane, items, finish: (outcome) => gate.release(outcome) });
        return gate.done;
      },
    });
    return { commits, lanes };
  }
  const settled = (promise: Promise<void>) => promise.then(() => 'ok', (error: Error) => error.message);
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('commits the first item at once and gathers what arrives meanwhile into one next commit', async () => {
    const { commits, lanes } = recorder();
    const first = lanes.add('a', 1);
    const rest = [lanes.add('a', 2), lanes.add('a', 3), lanes.add('a', 4)];
    await tick();
    expect(commits.map((commit) => commit.items)).toEqual([[1]]);
    commits[0]!.finish();
    await first;
    await tick();
    expect(commits.map((commit) => commit.items)).toEqual([[1], [2, 3, 4]]);
    commits[1]!.finish();
    await expect(Promise.all(rest)).resolves.toEqual([undefined, undefined, undefined]);
  });

  it('keeps lanes apart and splits a backlog at maxPerCommit', async () => {
    const { commits, lanes } = recorder(2);
    const calls = [lanes.add('a', 1), lanes.add('a', 2), lanes.add('a', 3), lanes.add('a', 4), lanes.add('b', 5)];
    await tick();
    expect(commits.map((commit) => [commit.lane, commit.items])).toEqual([['a', [1]], ['b', [5]]]);
    commits[0]!.finish();
    await tick();
    expect(commits[2]).toMatchObject({ lane: 'a', items: [2, 3] });
    commits[2]!.finish();
    await tick();
    expect(commits[3]).toMatchObject({ lane: 'a', items: [4] });
    commits[3]!.finish();
    commits[1]!.finish();
    await expect(Promise.all(calls)).resolves.toHaveLength(5);
  });

  it('fails every caller of a rejected commit, and only the named callers of a partly failed one', async () => {
    const { commits, lanes } = recorder();
    const inFlight = settled(lanes.add('a', 1));
    const gathered = [settled(lanes.add('a', 2)), settled(lanes.add('a', 3)), settled(lanes.add('a', 4))];
    await tick();
    commits[0]!.finish(new Error('database unavailable'));
    await tick();
    commits[1]!.finish([undefined, new Error('poisoned'), undefined]);
    expect(await Promise.all([inFlight, ...gathered])).toEqual(['database unavailable', 'ok', 'poisoned', 'ok']);
  });
});
