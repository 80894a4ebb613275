import { setTimeout } from 'node:timers/promises';
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
  let latest: Date | undefined;
  let flushing: Promise<void> | undefined;
  let closed = false;

  /** Writes `latest`; answers whether it landed. Notes made meanwhile stay for the next write. */
  async function write(): Promise<boolean> {
    const at = latest!;
    try {
      await pool.query(
        `INSERT INTO "WebhookRefusal" ("taskQueue", "lastAt") VALUES ($1, astor_utc($2))
         ON CONFLICT ("taskQueue") DO UPDATE SET "lastAt" = GREATEST("WebhookRefusal"."lastAt", EXCLUDED."lastAt")`,
        [taskQueue, at.toISOString()],
      );
      if (latest === at) latest = undefined;
      return true;
    } catch (error) {
      logger.warn('webhook refusal not recorded yet', { error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  async function flush(): Promise<void> {
    while (latest && !closed) if (!(await write())) await setTimeout(RETRY_AFTER_MS);
    flushing = undefined;
  }

  return {
    note(at) {
      if (!latest || at > latest) latest = at;
      flushing ??= flush();
    },
    async close() {
      closed = true;
      await flushing;
      if (latest) await write();
    },
  };
}
