import type { Pool } from 'pg';
import type { Logger } from '../../domain/logger';

/** What an edge write kept for after its commit: the agents' live events (one per line) and whether the outbox has new rows. */
export interface Publication {
  inboxEvents: string;
  outbox: boolean;
}

/**
 * Publishes the edge writes' notifications after their batches are acknowledged, one
 * `astor_publish_inbox` at a time, folding in whatever arrived meanwhile: an acknowledgement never
 * waits on the notify queue, and publishing holds at most one of the inbox's connections. Stored is
 * stored: a notification that fails to go out costs a live update (the relay's sweep finds its rows).
 */
export function createInboxPublisher(pool: Pool, logger: Logger) {
  let pending: Publication = { inboxEvents: '', outbox: false };
  let running: Promise<void> | undefined;

  async function drain(): Promise<void> {
    while (pending.inboxEvents || pending.outbox) {
      const { inboxEvents, outbox } = pending;
      pending = { inboxEvents: '', outbox: false };
      await pool.query('SELECT astor_publish_inbox($1, $2)', [inboxEvents, outbox]).catch((error: Error) => logger.warn('inbox notifications not published', { error: error.message }));
    }
    running = undefined;
  }

  return {
    publish({ inboxEvents, outbox }: Publication): void {
      if (!inboxEvents && !outbox) return;
      pending = { inboxEvents: pending.inboxEvents + inboxEvents, outbox: pending.outbox || outbox };
      running ??= drain();
    },
    /** Resolves once everything handed over so far is published. */
    idle: async (): Promise<void> => {
      while (running) await running;
    },
  };
}
