/**
 * Runs `work` for each item in order of start, at most `limit` at a time, each once `beforeEach`
 * allows it. Answers the items left unstarted when `beforeEach` refused one.
 */
export async function inFlightLimited<T>(items: T[], limit: number, beforeEach: () => Promise<boolean>, work: (item: T) => Promise<void>): Promise<T[]> {
  const running = new Set<Promise<void>>();
  let started = 0;
  for (; started < items.length; started += 1) {
    if (!(await beforeEach())) break;
    const task = work(items[started]!).finally(() => running.delete(task));
    running.add(task);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  return items.slice(started);
}
