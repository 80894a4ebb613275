/** Work running at once, at most `limit` of it: a start waits for a place. */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly limit: number) {}

  /** Starts `work` once fewer than `limit` run; a failure surfaces from a later start or from `drain`. */
  async start(work: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    const task = work().finally(() => this.running.delete(task));
    // Observed here so that it never counts as unhandled; `drain` and `start` still see it fail.
    task.catch(() => undefined);
    this.running.add(task);
  }

  /** Until everything started has ended. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
  }
}

/**
 * Runs `work` for each item in order of start, at most `limit` at a time, each once `beforeEach`
 * allows it. Answers the items left unstarted when `beforeEach` refused one.
 */
export async function inFlightLimited<T>(items: T[], limit: number, beforeEach: () => Promise<boolean>, work: (item: T) => Promise<void>): Promise<T[]> {
  const flight = new InFlight(limit);
  let started = 0;
  for (; started < items.length; started += 1) {
    if (!(await beforeEach())) break;
    const item = items[started]!;
    await flight.start(() => work(item));
  }
  await flight.drain();
  return items.slice(started);
}
