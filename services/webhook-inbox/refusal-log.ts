import type { Pool } from 'pg';
import type { Logger } from '../../domain/logger';

const RETRY_AFTER_MS = 1_000;

export interface RefusalLog {
  /** A delivery was left unacknowledged at `at`: its sender will deliver it again, later. */
  note(at: Date): void;
  /** Writes what is noted, once more, then stops. */
  close(): Promise<void>;
}

/**
 * Keeps in PostgreSQL ("WebhookRefusal") when a webhook delivery to this deployment (its task queue)
 * was last left unacknowledged, for the resend decisions of sends whose answer was lost
 * (send-dispatch.ts). Written in the background, again each second until it lands: the refusal may
 * come from PostgreSQL being out of reach.
 */
export function createRefusalLog(pool: Pool, taskQueue: string, logger: Logger): RefusalLog {
  let pending: Date | undefined;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let closed = false;

  const schedule = (delayMs: number) => {
    if (!closed) timer ??= setTimeout(() => void write(), delayMs);
  };

  async function writePending(): Promise<boolean> {
    const at = pending;
    if (!at) return true;
    try {
      await pool.query(
        `INSERT INTO "WebhookRefusal" ("taskQueue", "lastAt") VALUES ($1, timestamp '1970-01-01' + $2::bigint * interval '1 millisecond')
         ON CONFLICT ("taskQueue") DO UPDATE SET "lastAt" = GREATEST("WebhookRefusal"."lastAt", EXCLUDED."lastAt")`,
        [taskQueue, at.getTime()],
      );
      if (pending === at) pending = undefined;
      return true;
    } catch (error) {
      logger.warn('webhook refusal not recorded yet', { error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  function write(): Promise<void> {
    timer = undefined;
    writing ??= writePending().then((landed) => {
      writing = undefined;
      if (pending) schedule(landed ? 0 : RETRY_AFTER_MS);
    });
    return writing;
  }

  return {
    note(at) {
      if (!pending || at > pending) pending = at;
      if (!writing) schedule(0);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await writing;
      if (pending) await writePending();
    },
  };
}
