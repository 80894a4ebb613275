interface Waiter<Item> {
  items: Item[];
  settle: (error?: unknown) => void;
}

interface Queue<Item> {
  waiting: Waiter<Item>[];
  busy: boolean;
}

/** Where items go together. Lanes with equal `key` are one lane. */
export interface Lane {
  key: string;
}

/** The usual lane: one shard of one tenant's workflows. */
export const tenantShard = (tenantId: string, shard: number) => ({ key: `${tenantId}:${shard}`, tenantId, shard });
export type TenantShard = ReturnType<typeof tenantShard>;

/**
 * Group commit: while one commit of a lane is in flight, the items arriving for that lane gather
 * and go together in the next one. Under load one call carries many callers' items; when idle,
 * each goes at once. `add` resolves once the commit carrying all its items has succeeded, and
 * rejects with the commit's error otherwise.
 */
export function groupCommit<L extends Lane, Item>(options: { maxPerCommit: number; commit: (lane: L, items: Item[]) => Promise<void> }) {
  const queues = new Map<string, Queue<Item>>();

  async function drain(lane: L, queue: Queue<Item>): Promise<void> {
    queue.busy = true;
    while (queue.waiting.length > 0) {
      const taken: Waiter<Item>[] = [];
      let count = 0;
      while (queue.waiting.length > 0 && (taken.length === 0 || count + queue.waiting[0]!.items.length <= options.maxPerCommit)) {
        const waiter = queue.waiting.shift()!;
        count += waiter.items.length;
        taken.push(waiter);
      }
      try {
        await options.commit(lane, taken.flatMap((waiter) => waiter.items));
        for (const waiter of taken) waiter.settle();
      } catch (error) {
        for (const waiter of taken) waiter.settle(error);
      }
    }
    queues.delete(lane.key);
  }

  function add(lane: L, items: Item[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = queues.get(lane.key) ?? queues.set(lane.key, { waiting: [], busy: false }).get(lane.key)!;
      queue.waiting.push({ items, settle: (error) => (error === undefined ? resolve() : reject(error as Error)) });
      if (!queue.busy) void drain(lane, queue);
    });
  }

  return {
    /** Adds items, each to the lane `laneOf` names, and resolves once every lane has committed them. */
    async addAll(items: Item[], laneOf: (item: Item) => L): Promise<void> {
      const grouped = new Map<string, { lane: L; items: Item[] }>();
      for (const item of items) {
        const lane = laneOf(item);
        const group = grouped.get(lane.key);
        if (group) group.items.push(item);
        else grouped.set(lane.key, { lane, items: [item] });
      }
      await Promise.all([...grouped.values()].map((group) => add(group.lane, group.items)));
    },
  };
}

/** A per-tenant writer by group commit: calls for a tenant made while one is in flight go together in its next call. */
export function groupedPerTenant<Item>(write: (tenantId: string, items: Item[]) => Promise<void>, maxPerCommit: number): (tenantId: string, items: Item[]) => Promise<void> {
  const lanes = groupCommit<Lane, Item>({ maxPerCommit, commit: (lane, items) => write(lane.key, items) });
  return (tenantId, items) => lanes.addAll(items, () => ({ key: tenantId }));
}
