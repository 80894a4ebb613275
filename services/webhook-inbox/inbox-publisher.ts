import type { Pool } from 'pg';
import { groupCommit } from '../../domain/group-commit';
import type { Logger } from '../../domain/logger';

/** What an edge write kept for after its commit: the agents' live events (one per line) and whether the outbox has new rows. */
export interface Publication {
  inboxEvents: string;
  outbox: boolean;
}

/** Edge writes' publications folded into one `astor_publish_inbox`. */
const MAX_PER_PUBLISH = 200;

/**
 * Publishes the edge writes' notifications after their batches are acknowledged, by group commit on
 * one lane: one `astor_publish_inbox` at a time carrying whatever arrived meanwhile, so an
 * acknowledgement never waits on the notify queue and publishing holds at most one of the inbox's
 * connections. Stored is stored: a notification that fails to go out costs a live update (the
 * relay's sweep finds its rows).
 */
export function createInboxPublisher(pool: Pool, logger: Logger) {
  const publishes = groupCommit<Publication>({
    maxPerCommit: MAX_PER_PUBLISH,
    async commit(_lane, items) {
      const inboxEvents = items.map((item) => item.inboxEvents).join('');
      await pool.query('SELECT astor_publish_inbox($1, $2)', [inboxEvents, items.some((item) => item.outbox)]).catch((error: Error) => logger.warn('inbox notifications not published', { error: error.message }));
    },
  });
  let last: Promise<void> = Promise.resolve();

  return {
    publish(publication: Publication): void {
      if (publication.inboxEvents || publication.outbox) last = publishes.add('publish', publication);
    },
    /** Resolves once everything handed over so far is published (one lane publishes in order). */
    idle: (): Promise<void> => last,
  };
}
