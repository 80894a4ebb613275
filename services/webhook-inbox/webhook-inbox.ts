import { setTimeout } from 'node:timers/promises';
import { Pool, type DatabaseError } from 'pg';
import { groupCommit } from '../../domain/group-commit';
import type { Logger } from '../../domain/logger';
import { toStorableText } from '../../domain/storable-text';
import { shardOf } from '../../domain/temporal-contracts';
import type { Delivery, Route } from './edge-events';
import { createInboxPublisher, type Publication } from './inbox-publisher';
import { createRefusalLog } from './refusal-log';

export interface WebhookInbox {
  /**
   * Resolves once the delivery and everything it implies are committed in PostgreSQL (the webhook
   * may then answer 200); rejects when PostgreSQL could not take it (the webhook answers 503).
   */
  accept(delivery: Delivery): Promise<void>;
  /** A delivery was answered 5xx, or abandoned by its sender before the answer (see refusal-log.ts). */
  noteUnacknowledged(at: Date): void;
  close(): Promise<void>;
}

export interface WebhookInboxOptions {
  databaseUrl: string;
  /** Stamped on the outbox rows, so the relays of this deployment's task queue hand them on. */
  taskQueue: string;
  logger: Logger;
  /** Commits in flight at once; each carries the deliveries that arrived while the previous one ran. */
  lanes?: number;
  maxPerCommit?: number;
}

/** How the inbox's connections show in pg_stat_activity. */
export const INBOX_APPLICATION_NAME = 'astor-webhook-inbox';

/** Deadlocks and serialization failures with concurrent writers are worth another try. */
const TRANSIENT = new Set(['40P01', '40001']);
const ATTEMPTS = 3;
const RETRY_AFTER_MS = 20;
/** Errors a delivery's own content may cause, and conflicts: the batch is split so only that delivery fails. */
const SPLITTABLE = /^(22|23|P0|40P01|40001)/;

const routeKey = (route: Route): string => Object.values(route)[0] as string;

/** Text that cannot be stored is replaced, never a reason to refuse a delivery that Meta would then repeat forever. */
function storable(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? toStorableText(value) : value;
}

function sqlState(error: unknown): string | undefined {
  return (error as Partial<DatabaseError> | undefined)?.code;
}

/** What astor_ingest reads (prisma/routines/webhook-inbox.sql): the deliveries, and their events each naming its delivery. */
export function ingestDocument(taskQueue: string, deliveries: Delivery[]): string {
  const doc = {
    taskQueue,
    deliveries: deliveries.map(({ source, receivedAt, store, hold }) => ({ source, receivedAt: receivedAt.toISOString(), store, hold })),
    events: deliveries.flatMap((delivery, index) => delivery.events.map((event) => ({ ...event, d: index }))),
  };
  return JSON.stringify(doc, storable);
}

/**
 * The durable hand-off of webhooks: deliveries are written by group commit, one statement
 * (astor_ingest, prisma/routines/webhook-inbox.sql) per batch, on a pool of their own so the
 * acknowledgement never queues behind the API's other queries.
 */
export function createWebhookInbox(options: WebhookInboxOptions): WebhookInbox {
  const lanes = options.lanes ?? 4;
  const pool = new Pool({ connectionString: options.databaseUrl, application_name: INBOX_APPLICATION_NAME, max: lanes + 1, connectionTimeoutMillis: 5_000, query_timeout: 15_000 });
  pool.on('error', (error) => options.logger.warn('webhook inbox connection lost', { error: error.message }));
  const refusals = createRefusalLog(pool, options.taskQueue, options.logger);
  const publisher = createInboxPublisher(pool, options.logger);

  /** One batch written by astor_ingest, tried again on a deadlock; answers the notifications it kept for after its commit. */
  async function ingest(doc: string, bodies: Buffer[]): Promise<Publication> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { rows } = await pool.query<{ written: Publication }>('SELECT astor_ingest($1::jsonb, $2::bytea[]) AS written', [doc, bodies]);
        return rows[0]!.written;
      } catch (error) {
        if (attempt >= ATTEMPTS || !TRANSIENT.has(sqlState(error) ?? '')) throw error;
        await setTimeout(RETRY_AFTER_MS * attempt * (0.5 + Math.random()));
      }
    }
  }

  async function write(deliveries: Delivery[]): Promise<void> {
    publisher.publish(await ingest(ingestDocument(options.taskQueue, deliveries), deliveries.map((delivery) => delivery.body)));
  }

  /**
   * A batch refused for its content is halved until the delivery that causes it stands alone; one
   * still in conflict after its retries is halved too, so a smaller write can get through.
   */
  async function commit(_lane: string, deliveries: Delivery[]): Promise<unknown[]> {
    try {
      await write(deliveries);
      return deliveries.map(() => undefined);
    } catch (error) {
      if (deliveries.length === 1 || !SPLITTABLE.test(sqlState(error) ?? '')) {
        options.logger.error('webhook deliveries not stored', { deliveries: deliveries.length, code: sqlState(error), error: error instanceof Error ? error.message : String(error) });
        return deliveries.map(() => error);
      }
      const half = Math.ceil(deliveries.length / 2);
      return [...(await commit(_lane, deliveries.slice(0, half))), ...(await commit(_lane, deliveries.slice(half)))];
    }
  }

  const batches = groupCommit<Delivery>({ maxPerCommit: options.maxPerCommit ?? 200, commit });

  return {
    async accept(delivery) {
      const first = delivery.events[0];
      if (!first) return;
      await batches.add(String(shardOf(routeKey(first.route), lanes)), delivery);
    },
    noteUnacknowledged: (at) => refusals.note(at),
    async close() {
      await refusals.close();
      await publisher.idle();
      await pool.end();
    },
  };
}
