/** Work started one item after another, at most `limit` running at a time; the first failure is rethrown. */
export class InFlight {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  /** Starts `work`, then waits until fewer than `limit` run. */
  async start(work: () => Promise<void>): Promise<void> {
    this.rethrow();
    const task: Promise<void> = work()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(task));
    this.running.add(task);
    if (this.running.size >= this.limit) await Promise.race(this.running);
    this.rethrow();
  }

  /** Waits for everything started. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Runs `work` for each item in order of start, at most `limit` at a time, each once `beforeEach`
 * allows it. Answers the items left unstarted when `beforeEach` refused one.
 */
export async function inFlightLimited<T>(items: T[], limit: number, beforeEach: () => Promise<boolean>, work: (item: T) => Promise<void>): Promise<T[]> {
  const pool = new InFlight(limit);
  let started = 0;
  try {
    for (; started < items.length; started += 1) {
      if (!(await beforeEach())) break;
      const item = items[started]!;
      await pool.start(() => work(item));
    }
  } finally {
    await pool.drain();
  }
  return items.slice(started);
}
