import { Client as PgClient, Pool } from 'pg';
import type { Client } from '@temporalio/client';
import type { Logger } from '../../domain/logger';
import { inParallel } from '../../domain/in-parallel';
import type { Database } from '../../prisma/client';
import { contactKeysFromSql } from '../../temporal/contact-keys';
import { workflowHandoff, type WorkflowHandoff } from '../../temporal/workflow-handoff';
import { handoffsOf, type OutboxRow } from './outbox-dispatch';

export interface OutboxStats {
  depth: number;
  oldestAgeMs: number;
  /** Rows Temporal refused at least once, waiting for their next try. */
  retrying: number;
}

/** The SQL that answers OutboxStats, and its row read as such. */
export const OUTBOX_STATS_SQL = 'SELECT depth::int, oldest_age_ms::int AS "oldestAgeMs", retrying::int FROM astor_outbox_stats()';

/** The outbox figures on the application's own connection (readiness detail, the metrics scrape). */
export async function readOutboxStats(db: Database): Promise<OutboxStats> {
  const [stats] = await db.prisma.$queryRawUnsafe<OutboxStats[]>(OUTBOX_STATS_SQL);
  if (!stats) throw new Error('astor_outbox_stats() returned no row');
  return stats;
}

export interface OutboxRelay {
  /** Hands on everything available now; answers how many rows Temporal accepted. */
  drain(): Promise<number>;
  stats(): Promise<OutboxStats>;
  stop(): Promise<void>;
}

export interface OutboxRelayOptions {
  databaseUrl: string;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  /** Where rows go; tests put a slow or failing one in front of the real hand-off. */
  handoff?: WorkflowHandoff;
  batchSize?: number;
  /** Temporal calls in flight at once. */
  concurrency?: number;
  /** How often the relay looks without being woken (rows waiting for a retry, a missed notification). */
  sweepMs?: number;
  /** How long one Temporal call may take before its rows are tried again later. */
  callTimeoutMs?: number;
  /** Names the relay's database sessions (pg_stat_activity), e.g. for operators. */
  applicationName?: string;
}

const CHANNEL = 'astor_outbox';
/** While Temporal refuses everything, the relay waits this long at most between probes. */
const MAX_PAUSE_MS = 15_000;

/**
 * Hands the outbox to Temporal: claims rows in batches (FOR UPDATE SKIP LOCKED, so any number of
 * relays share the work), signals or starts their workflows, and deletes a row only once Temporal
 * accepted it, in the same transaction as the claim. A relay that dies mid-batch releases its rows
 * to the others; a row handed over twice is absorbed by its workflow (ids are idempotent there).
 * Woken by NOTIFY from the edge write, and by a periodic sweep.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 500;
  const concurrency = options.concurrency ?? 32;
  const callTimeoutMs = options.callTimeoutMs ?? 10_000;
  const pool = new Pool({ connectionString: options.databaseUrl, max: 2, connectionTimeoutMillis: 5_000, application_name: options.applicationName ?? 'astor-outbox-relay' });
  pool.on('error', (error) => options.logger.warn('outbox relay connection lost', { error: error.message }));
  // Contact keys for workflow ids: each agency's salt is read once and kept (salts never change).
  const handoff = options.handoff ?? workflowHandoff(options.temporal, options.taskQueue, contactKeysFromSql((text, values) => pool.query(text, values)));
  let stopped = false;
  let wake: (() => void) | undefined;
  let outage: { since: number; reason: string } | undefined;
  let pauseMs = 0;
  let listener: PgClient | undefined;

  /**
   * One claimed batch: accepted rows are deleted, refused ones tried again later. When Temporal
   * refuses the whole batch (it is down), nothing is marked: the rows go back as they were and the
   * relay pauses; answers -1 then, else how many rows moved (0: nothing to do).
   */
  async function drainBatch(): Promise<number> {
    const client = await pool.connect();
    // A session lost mid-batch fails the batch below; the client must not also crash the process.
    const ignore = () => undefined;
    client.on('error', ignore);
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>('SELECT * FROM astor_outbox_claim($1, $2)', [options.taskQueue, batchSize]);
      const accepted: string[] = [];
      const refused = new Map<string, string[]>();
      await inParallel(handoffsOf(rows, handoff), concurrency, async (group) => {
        const ids = group.rows.map((row) => row.id);
        try {
          await options.temporal.withDeadline(Date.now() + callTimeoutMs, group.send);
          accepted.push(...ids);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          refused.set(reason, [...(refused.get(reason) ?? []), ...ids]);
        }
      });
      if (rows.length > 0 && accepted.length === 0) {
        await client.query('ROLLBACK');
        outage ??= { since: Date.now(), reason: [...refused.keys()][0] ?? 'unknown' };
        return -1;
      }
      if (accepted.length) await client.query('SELECT astor_outbox_complete($1::bigint[])', [accepted]);
      for (const [reason, ids] of refused) await client.query('SELECT astor_outbox_retry($1::bigint[], $2)', [ids, reason]);
      await client.query('COMMIT');
      if (outage) options.logger.info('Temporal takes the outbox hand-offs again', { downMs: Date.now() - outage.since });
      outage = undefined;
      if (refused.size) options.logger.warn('Temporal refused some outbox hand-offs; they are tried again later', { rows: [...refused.values()].flat().length, reasons: [...refused.keys()].slice(0, 3) });
      return accepted.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', ignore);
      client.release();
    }
  }

  /** Batches until nothing is available or Temporal refuses everything. */
  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await drainBatch();
      if (moved <= 0) return total;
      total += moved;
    }
  }

  async function listen(): Promise<void> {
    const client = new PgClient({ connectionString: options.databaseUrl });
    client.on('notification', () => wake?.());
    client.on('error', (error) => {
      options.logger.warn('outbox relay lost its LISTEN connection; sweeping until it is back', { error: error.message });
      listener = undefined;
      if (!stopped) setTimeout(() => void listen().catch(() => undefined), 2_000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (stopped) await client.end();
    else listener = client;
  }

  /** Doubles the pause while Temporal is down (logging the outage once), and ends it once a batch goes through. */
  function outageStep(current: number): number {
    if (!outage) return 0;
    if (current === 0) options.logger.warn('Temporal refuses the outbox hand-offs; the relay keeps them and probes again', { reason: outage.reason });
    return Math.min(MAX_PAUSE_MS, current ? current * 2 : 1_000);
  }

  const loop = (async () => {
    await listen().catch((error: unknown) => options.logger.warn('outbox relay cannot LISTEN yet; sweeping', { error: error instanceof Error ? error.message : String(error) }));
    while (!stopped) {
      try {
        await drain();
      } catch (error) {
        options.logger.warn('outbox relay batch failed; trying again', { error: error instanceof Error ? error.message : String(error) });
      }
      pauseMs = outageStep(pauseMs);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pauseMs || (options.sweepMs ?? 1_000)).unref();
      });
    }
  })();

  return {
    drain,
    async stats() {
      return (await pool.query<OutboxStats>(OUTBOX_STATS_SQL)).rows[0]!;
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
