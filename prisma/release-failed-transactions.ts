import { PrismaPg } from '@prisma/adapter-pg';

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

const CLOSING = new Set(['COMMIT', 'ROLLBACK']);

/**
 * Prisma 6.19 closes an interactive transaction by sending COMMIT or ROLLBACK and only then asking
 * the adapter to release its connection; when that statement fails (the connection dropped: a
 * PostgreSQL restart, a terminated backend) the release never happens and the pool loses the slot
 * for good, until every transaction waits forever. This releases it on that failure too (pg drops a
 * broken connection instead of pooling it).
 */
function releasingOnFailedClose(transaction: Transaction): Transaction {
  const executeRaw = transaction.executeRaw.bind(transaction);
  transaction.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (CLOSING.has(query.sql)) await transaction.rollback().catch(() => undefined);
      throw error;
    }
  };
  return transaction;
}

/** The pg driver adapter, with connections of failed transactions always given back. */
export function pgAdapter(pool: ConstructorParameters<typeof PrismaPg>[0]): PrismaPg {
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => releasingOnFailedClose(await startTransaction(isolationLevel));
    return adapter;
  };
  return factory;
}
