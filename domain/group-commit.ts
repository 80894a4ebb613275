interface Waiter<Item> {
  item: Item;
  settle: (error?: unknown) => void;
}

export interface GroupCommitOptions<Item> {
  maxPerCommit: number;
  /**
   * Commits items together. It may answer one error per item (undefined where that item was
   * committed) to fail some callers only; a rejection fails every caller of the commit.
   */
  commit: (lane: string, items: Item[]) => Promise<readonly unknown[] | void>;
}

/**
 * Group commit: while one commit of a lane is in flight, the items arriving for that lane gather
 * and go together in the next one. Under load one commit carries many callers' items; when idle,
 * each goes at once. `add` resolves once the commit carrying its item has succeeded for it.
 */
export function groupCommit<Item>(options: GroupCommitOptions<Item>) {
  const lanes = new Map<string, Waiter<Item>[]>();

  async function drain(lane: string, waiting: Waiter<Item>[]): Promise<void> {
    while (waiting.length > 0) {
      const taken = waiting.splice(0, options.maxPerCommit);
      try {
        const errors = await options.commit(lane, taken.map((waiter) => waiter.item));
        taken.forEach((waiter, index) => waiter.settle(errors?.[index]));
      } catch (error) {
        for (const waiter of taken) waiter.settle(error ?? new Error('commit failed'));
      }
    }
    lanes.delete(lane);
  }

  return {
    /** Resolves once `item` is committed; rejects with the error its commit gave it. */
    add(lane: string, item: Item): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const settle = (error?: unknown) => (error === undefined ? resolve() : reject(error as Error));
        const waiting = lanes.get(lane);
        if (waiting) waiting.push({ item, settle });
        else {
          const fresh = [{ item, settle }];
          lanes.set(lane, fresh);
          void drain(lane, fresh);
        }
      });
    },
  };
}
