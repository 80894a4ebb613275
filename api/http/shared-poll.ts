interface Poll<T> {
  listeners: Set<(value: T) => void>;
  latest?: { value: T; shown: string };
  timer?: NodeJS.Timeout;
}

/**
 * One poll per key in this process, however many listen: the first listener starts it, the last
 * to leave stops it. Each listener gets the latest value at once, then every value that differs
 * from the one before. A failed read is skipped; the next tick reads again.
 */
export function sharedPoll<T>(intervalMs: number, onError: (error: unknown) => void = () => undefined) {
  const polls = new Map<string, Poll<T>>();

  async function tick(key: string, poll: Poll<T>, read: () => Promise<T>): Promise<void> {
    try {
      const value = await read();
      const shown = JSON.stringify(value);
      if (shown !== poll.latest?.shown) {
        poll.latest = { value, shown };
        for (const listener of poll.listeners) listener(value);
      }
    } catch (error) {
      onError(error);
    }
    if (poll.listeners.size > 0) poll.timer = setTimeout(() => void tick(key, poll, read), intervalMs);
    else polls.delete(key);
  }

  return {
    /** Listens to `key`'s values, reading them with `read` if nobody polls the key yet; answers how to stop listening. */
    subscribe(key: string, read: () => Promise<T>, listener: (value: T) => void): () => void {
      const existing = polls.get(key);
      const poll = existing ?? { listeners: new Set<(value: T) => void>() };
      poll.listeners.add(listener);
      if (!existing) {
        polls.set(key, poll);
        void tick(key, poll, read);
      } else if (poll.latest) listener(poll.latest.value);
      return () => {
        poll.listeners.delete(listener);
        if (poll.listeners.size === 0 && poll.timer) {
          clearTimeout(poll.timer);
          polls.delete(key);
        }
      };
    },
  };
}
