import type http from 'node:http';
import { adminQuery } from '../../testing/harness';
import { duplicatedRows, inboundRows, lossesOf, waitForDrain, waitForReplies, type InboundRow, type Losses } from '../bench/webhook-checks';
import { drive, type DriveResult, type Outcome, type ResendPolicy } from '../bench/webhook-driver';
import { TrafficPlan, type Agency } from '../bench/webhook-traffic';
import { persistently } from './cluster-deliveries';
import type { Stack } from './cluster-stack';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Meta resends a delivery not answered 200, backing off; the matrix gives up only after 3 minutes. */
export const META_RESEND: ResendPolicy = { baseDelayMs: 250, maxDelayMs: 2_000, giveUpAfterMs: 180_000 };

export interface SegmentSpec {
  runKey: string;
  rate: number;
  seconds: number;
  statusRange: { from: number; perAgency: number };
  window: number;
  seed: number;
  /** Started (not awaited by the load) once this fraction of the segment's deliveries is offered. */
  midway: { fraction: number; action: () => Promise<void> };
}

/**
 * Offers one segment of signed webhooks at `rate`, delivery i to API 1 when i is even and to API 2
 * when odd (two drivers at half the rate each), resending what is not answered 200.
 */
export async function driveSegment(stack: Stack, agent: http.Agent, agencies: Agency[], contactsWritten: Set<string>, spec: SegmentSpec): Promise<Outcome[]> {
  const plan = new TrafficPlan(agencies, spec.runKey, spec.statusRange, spec.window, spec.seed, contactsWritten);
  // The plan is drawn in delivery order whichever driver asks first; ids stay unique (2i, 2i + 1).
  const drawn = new Map<number, ReturnType<TrafficPlan['delivery']>>();
  let next = 0;
  const take = (index: number) => {
    while (next <= index) drawn.set(next, plan.delivery(next++));
    const planned = drawn.get(index)!;
    drawn.delete(index);
    return planned;
  };
  const half = spec.rate / 2;
  const results: DriveResult[] = await Promise.all(
    stack.apiPorts.map((port, k) =>
      drive({
        url: `http://127.0.0.1:${port}/webhooks/whatsapp`,
        agent,
        rate: half,
        seconds: spec.seconds,
        plan: (i) => take(2 * i + k),
        resend: META_RESEND,
        ...(k === 0 ? { midway: spec.midway } : {}),
      }),
    ),
  );
  return results.flatMap((result) => result.outcomes);
}

export interface SegmentCheck {
  offered: number;
  accepted: number;
  /** Deliveries never answered 200 within the resend window (Meta would have given up). */
  neverAccepted: number;
  resent: number;
  losses: Losses;
  lost: number;
  duplicated: number;
  stored: number;
  unprocessed: number;
  botRepliesDuplicated: number;
  /** From the fault to the first inbound message stored since it struck being taken up by a workflow once the service was back. */
  recoveredMs: number;
}

/** Statuses are applied after the 200 (by the worker): losses are read until none is left or `capMs` passes. */
async function settledLosses(outcomes: Outcome[], runKey: string, capMs: number): Promise<{ rows: InboundRow[]; losses: Losses }> {
  const deadline = Date.now() + capMs;
  for (;;) {
    const rows = await inboundRows(runKey);
    const losses = await lossesOf(outcomes, rows);
    if ((losses.inbound === 0 && losses.statuses === 0 && losses.statusesPending === 0) || Date.now() >= deadline) return { rows, losses };
    await sleep(1_000);
  }
}

/** After a segment: what PostgreSQL and the fake Graph API hold for it, once its inbound messages are taken up. */
export async function checkSegment(stack: Stack, runKey: string, outcomes: Outcome[], fault: { at: number; backAt: number }, drainCapMs: number): Promise<SegmentCheck> {
  const drained = await persistently(() => waitForDrain(runKey, Date.now() + drainCapMs), drainCapMs + 60_000, 'waiting for the drain');
  const { rows, losses } = await persistently(() => settledLosses(outcomes, runKey, 30_000), 120_000, 'reading losses');
  const duplicated = await persistently(() => duplicatedRows(runKey));
  const processed = rows.filter((row) => row.processedAt !== null);
  const replies = await waitForReplies(stack.graph, runKey, processed.length, 5_000, 60_000);
  const recovered = await persistently(() => firstTakenUpAfter(fault));
  const accepted = outcomes.filter((outcome) => outcome.finalCode === 200);
  return {
    offered: outcomes.length,
    accepted: accepted.length,
    neverAccepted: outcomes.length - accepted.length,
    resent: outcomes.filter((outcome) => outcome.attempts > 1).length,
    losses,
    lost: losses.inbound + losses.statuses + losses.statusesPending,
    duplicated,
    stored: rows.length,
    unprocessed: drained ? 0 : rows.length - processed.length,
    botRepliesDuplicated: replies.duplicated,
    recoveredMs: recovered === null ? NaN : recovered - fault.at,
  };
}

/**
 * When the pipeline flowed again: the first inbound message (of any segment) stored after the fault
 * struck and taken up by a workflow once the service was back; epoch ms, null if none was.
 */
async function firstTakenUpAfter(fault: { at: number; backAt: number }): Promise<number | null> {
  const rows = await adminQuery<{ first: number | null }>(
    `SELECT (extract(epoch FROM min("processedAt")) * 1000)::float8 AS first FROM "Message"
     WHERE direction = 'INBOUND' AND "createdAt" >= to_timestamp($1 / 1000.0) AT TIME ZONE 'UTC' AND "processedAt" >= to_timestamp($2 / 1000.0) AT TIME ZONE 'UTC'`,
    [fault.at, fault.backAt],
  );
  return rows[0]?.first ?? null;
}

/** Inbound messages of any run not yet taken up by a workflow. */
export async function unprocessedInbound(): Promise<{ n: number; sample: string[] }> {
  const rows = await adminQuery<{ pmid: string | null }>(`SELECT "providerMessageId" AS pmid FROM "Message" WHERE direction = 'INBOUND' AND "processedAt" IS NULL ORDER BY "createdAt" LIMIT 5`);
  const count = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "Message" WHERE direction = 'INBOUND' AND "processedAt" IS NULL`);
  return { n: Number(count[0]!.n), sample: rows.map((row) => row.pmid ?? '?') };
}
