import type { MessageStatusUpdate } from '../../domain/messaging';
import type { Database } from '../client';
import { Prisma } from '../generated/client';

/**
 * Statuses echo our idempotency key: the provider id they carry, and that a status came at all, are
 * recorded as the webhook arrives, before it is acknowledged. A send whose worker died before writing
 * down the answer is so known to have reached the provider even while no worker runs, and the
 * confirmed sends tell how far the provider's statuses have caught up (see send-dispatch).
 */
export function sendEvidenceRecorder(db: Database) {
  return async (tenantId: string, updates: MessageStatusUpdate[]): Promise<void> => {
    const echoed = updates.filter((update) => update.callbackData);
    if (echoed.length === 0) return;
    const pairs = Prisma.join(echoed.map((update) => Prisma.sql`(${update.callbackData}, ${update.providerMessageId})`));
    const record = () =>
      db.inTenant(tenantId, (tx) =>
        tx.$executeRaw`
          UPDATE "Message" m SET "providerMessageId" = COALESCE(m."providerMessageId", v.wamid), "statusReceivedAt" = COALESCE(m."statusReceivedAt", now())
          FROM (VALUES ${pairs}) AS v(key, wamid)
          WHERE m."idempotencyKey" = v.key AND m.direction = 'OUTBOUND' AND (m."providerMessageId" IS NULL OR m."statusReceivedAt" IS NULL)`,
      );
    // Several rows in one statement may meet a status or send transaction locking them in another order.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await record();
        return;
      } catch (error) {
        if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(error)) throw error;
      }
    }
  };
}

const DEADLOCK_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && /\b40P01\b/.test(`${JSON.stringify(error.meta ?? {})} ${error.message}`);
}

export type SendEvidenceRecorder = ReturnType<typeof sendEvidenceRecorder>;
