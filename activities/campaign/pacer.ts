const CATCH_UP_MS = 100;

/**
 * Spaces sends evenly at `perSecond`, continuing the schedule of the previous batch (`notBefore`)
 * so the pause between batches does not lower the rate; at most 100 ms of lost time is caught up,
 * so no burst runs far ahead of the provider's limit.
 */
export class Pacer {
  private next: number;
  private readonly spacingMs: number;

  constructor(perSecond: number, notBefore: number, private readonly now: () => number = Date.now) {
    this.spacingMs = 1000 / perSecond;
    this.next = Math.max(notBefore, now() - CATCH_UP_MS);
  }

  /** Resolves when the next send may start. */
  async slot(): Promise<void> {
    const wait = this.next - this.now();
    this.next += this.spacingMs;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** Where the next batch continues the schedule. */
  get notBefore(): number {
    return this.next;
  }
}

/** Runs `work` for each item in order of start, at most `limit` at a time. */
export async function inFlightLimited<T>(items: T[], limit: number, beforeEach: () => Promise<void>, work: (item: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  for (const item of items) {
    await beforeEach();
    const task = work(item).finally(() => running.delete(task));
    running.add(task);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
}
