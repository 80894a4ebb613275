import type { FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { adminQuery } from '../../testing/harness';
import type { Outcome } from './webhook-driver';
import { inboundIdPrefix, STATUS_STEPS } from './webhook-traffic';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A run's inbound messages as PostgreSQL has them; times in epoch ms (timestamps are UTC). */
export interface InboundRow {
  id: string;
  providerMessageId: string;
  createdAt: number;
  processedAt: number | null;
}

export async function inboundRows(runKey: string): Promise<InboundRow[]> {
  const rows = await adminQuery<{ id: string; pmid: string; created: number; processed: number | null }>(
    `SELECT id, "providerMessageId" AS pmid, (extract(epoch FROM "createdAt") * 1000)::float8 AS created, (extract(epoch FROM "processedAt") * 1000)::float8 AS processed
     FROM "Message" WHERE direction = 'INBOUND' AND "providerMessageId" LIKE $1`,
    [`${inboundIdPrefix(runKey)}%`],
  );
  return rows.map((row) => ({ id: row.id, providerMessageId: row.pmid, createdAt: row.created, processedAt: row.processed }));
}

/** Inbound messages of the run not yet taken up (cheap: the partial index on unprocessed inbound messages). */
async function unprocessed(runKey: string): Promise<number> {
  const rows = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "Message" WHERE direction = 'INBOUND' AND "processedAt" IS NULL AND "providerMessageId" LIKE $1`, [`${inboundIdPrefix(runKey)}%`]);
  return Number(rows[0]!.n);
}

/** Inbound messages of any run stored but not yet taken up: the backlog a run starts with. */
export async function unprocessedBacklog(): Promise<number> {
  const rows = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "Message" WHERE direction = 'INBOUND' AND "processedAt" IS NULL`);
  return Number(rows[0]!.n);
}

/**
 * Waits until every inbound message of the run has processedAt (rows are written before the 200,
 * so once every answer is in, no row is still to come), or until `deadline` (epoch ms).
 */
export async function waitForDrain(runKey: string, deadline: number): Promise<boolean> {
  for (;;) {
    if ((await unprocessed(runKey)) === 0) return true;
    if (Date.now() >= deadline) return false;
    await sleep(500);
  }
}

export interface Drain {
  /** The run's inbound Message rows: acknowledged ones, and any stored whose 200 never reached the bench. */
  stored: number;
  processed: number;
  perSecond: number;
  /** From the first accepted message (or the end of a hold) to the last one taken up (or the cap). */
  seconds: number;
  complete: boolean;
}

/** Messages taken up per second, from the run's first accepted message (or `from`, when processing was held until then) until the last was taken up (or the cap). */
export function drainOf(rows: InboundRow[], complete: boolean, capAt: number, from?: number): Drain {
  const processed = rows.filter((row) => row.processedAt !== null);
  if (!rows.length || !processed.length) return { stored: rows.length, processed: processed.length, perSecond: 0, seconds: NaN, complete };
  const first = Math.max(from ?? 0, Math.min(...rows.map((row) => row.createdAt)));
  const last = complete ? Math.max(...processed.map((row) => row.processedAt!)) : capAt;
  const seconds = (last - first) / 1000;
  return { stored: rows.length, processed: processed.length, perSecond: processed.length / seconds, seconds, complete };
}

/** Request start of each inbound delivery to its `message.created` NOTIFY; deliveries whose NOTIFY never came are counted. */
export function visibleLatencies(outcomes: Outcome[], rows: InboundRow[], seenAt: (messageId: string) => number | undefined): { latencies: number[]; missing: number } {
  const started = new Map(outcomes.filter((outcome) => outcome.kind === 'inbound').map((outcome) => [outcome.providerMessageId, outcome.startedAt]));
  const latencies: number[] = [];
  let missing = 0;
  for (const row of rows) {
    const sent = started.get(row.providerMessageId);
    const seen = seenAt(row.id);
    if (sent === undefined) continue;
    if (seen === undefined) missing += 1;
    else latencies.push(seen - sent);
  }
  return { latencies, missing };
}

export interface Losses {
  inbound: number;
  statuses: number;
  /** Status deliveries whose message is not in PostgreSQL at all (should not happen: they are seeded). */
  statusesPending: number;
}

/**
 * Accepted inbound deliveries with no Message row, and accepted status deliveries whose message
 * did not reach at least that status (statuses only move forward, so a later one covers an earlier).
 */
export async function lossesOf(outcomes: Outcome[], rows: InboundRow[]): Promise<Losses> {
  const accepted = outcomes.filter((outcome) => outcome.finalCode === 200);
  const stored = new Set(rows.map((row) => row.providerMessageId));
  const inbound = accepted.filter((outcome) => outcome.kind === 'inbound' && !stored.has(outcome.providerMessageId)).length;
  const statusDeliveries = accepted.filter((outcome) => outcome.kind === 'status');
  const ids = [...new Set(statusDeliveries.map((outcome) => outcome.providerMessageId))];
  const current = await adminQuery<{ pmid: string; status: string }>(`SELECT "providerMessageId" AS pmid, status::text AS status FROM "Message" WHERE "providerMessageId" = ANY($1::text[])`, [ids]);
  const rank = (status: string) => ['QUEUED', ...STATUS_STEPS.map((step) => step.toUpperCase())].indexOf(status);
  const reached = new Map(current.map((row) => [row.pmid, rank(row.status)]));
  let statuses = 0;
  let statusesPending = 0;
  for (const outcome of statusDeliveries) {
    const at = reached.get(outcome.providerMessageId);
    if (at === undefined) statusesPending += 1;
    else if (at < rank(outcome.status!.toUpperCase())) statuses += 1;
  }
  return { inbound, statuses, statusesPending };
}

/** Message rows sharing a provider id among the run's inbound messages (the edge write must store each once). */
export async function duplicatedRows(runKey: string): Promise<number> {
  const rows = await adminQuery<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM "Message" WHERE "providerMessageId" LIKE $1 GROUP BY "providerMessageId" HAVING count(*) > 1) d`,
    [`${inboundIdPrefix(runKey)}%`],
  );
  return Number(rows[0]!.n);
}

/** The bot's sends to the fake Graph API for the run's messages, by callback data (the send's idempotency key). */
function repliesByKey(fake: FakeWhatsAppCloud, runKey: string): Map<string, number> {
  const prefix = inboundIdPrefix(runKey);
  const counts = new Map<string, number>();
  for (const message of fake.sent()) {
    const key = message.body.biz_opaque_callback_data;
    if (typeof key === 'string' && key.includes(prefix)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Waits until the bot has replied to `expected` of the run's messages, or its replies stop coming for `quietMs`. */
export async function waitForReplies(fake: FakeWhatsAppCloud, runKey: string, expected: number, quietMs = 5_000, capMs = 120_000): Promise<{ replied: number; sends: number; duplicated: number }> {
  const started = Date.now();
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const counts = repliesByKey(fake, runKey);
    if (counts.size !== last) [last, lastChange] = [counts.size, Date.now()];
    if (counts.size >= expected || Date.now() - lastChange >= quietMs || Date.now() - started >= capMs) {
      const sends = [...counts.values()].reduce((sum, count) => sum + count, 0);
      return { replied: counts.size, sends, duplicated: [...counts.values()].filter((count) => count > 1).length };
    }
    await sleep(500);
  }
}
