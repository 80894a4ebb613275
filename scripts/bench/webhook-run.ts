import type http from 'node:http';
import os from 'node:os';
import type { FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { harnessValue } from '../../testing/harness-env';
import { ApiRuntimeWindow } from './api-runtime';
import { InboxWaits } from './inbox-waits';
import { percentiles } from './percentiles';
import { drainOf, duplicatedRows, inboundRows, lossesOf, unprocessedBacklog, visibleLatencies, waitForDrain, waitForReplies } from './webhook-checks';
import { drive, type DriveOptions, type DriveResult } from './webhook-driver';
import type { InboxListener, RunSampler } from './webhook-observers';
import type { RateResult } from './webhook-report';
import { TrafficPlan, type Agency } from './webhook-traffic';

/** What every run shares: the stack under test and the bench's own observers. */
export interface RunContext {
  url: string;
  /** The API's own /metrics (event loop and GC), when it serves them. */
  apiMetricsUrl?: string;
  agent: http.Agent;
  agencies: Agency[];
  fake: FakeWhatsAppCloud;
  listener: InboxListener;
  sampler: RunSampler;
  /** Contacts that have written already (their next message asks the FAQ's question instead of saying hello). */
  contactsWritten: Set<string>;
  drainCapMs: number;
}

export interface RunSpec {
  rate: number;
  seconds: number;
  /** The seeded outbound messages (per agency) this run's statuses walk. */
  statusRange: { from: number; perAgency: number };
  window: number;
  seed: number;
  resend?: DriveOptions['resend'];
  midway?: DriveOptions['midway'];
  /** Workflow processing held while the traffic is offered and let go after, so the edge and the drain are each measured alone. */
  workflowPause?: WorkflowPause;
}

export interface WorkflowPause {
  pause(): void;
  resume(): void;
}

/** Run keys end up in provider ids matched with LIKE: letters and digits only. */
const runKeyOf = (rate: number) => `r${rate}t${Date.now().toString(36)}`;

function refusals(driven: DriveResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of driven.outcomes) {
    if (outcome.firstCode === 200) continue;
    const key = outcome.firstCode === 0 ? (outcome.firstError ?? 'no answer') : String(outcome.firstCode);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Accepted per second over the run: from the first request to the last 200. */
function acceptedPerSecond(driven: DriveResult): number {
  const accepted = driven.outcomes.filter((outcome) => outcome.acceptedAt !== undefined);
  if (!accepted.length) return 0;
  const last = Math.max(...accepted.map((outcome) => outcome.acceptedAt!));
  return accepted.length / ((last - driven.startedAt) / 1000);
}

/** Runs `offer` with workflow processing held, when asked to, and lets it go however `offer` ends. */
async function whileHeld<T>(hold: WorkflowPause | undefined, offer: () => Promise<T>): Promise<T> {
  hold?.pause();
  try {
    return await offer();
  } finally {
    hold?.resume();
  }
}

/** Offers one run's traffic, waits for the workflows to take it up, and measures it against PostgreSQL and the fake Graph API. */
export async function runTraffic(context: RunContext, spec: RunSpec): Promise<RateResult> {
  const runKey = runKeyOf(spec.rate);
  const plan = new TrafficPlan(context.agencies, runKey, spec.statusRange, spec.window, spec.seed, context.contactsWritten);
  context.listener.clear();
  context.sampler.reset();
  const backlogAtStart = await unprocessedBacklog();
  const drainDeadline = Date.now() + context.drainCapMs;
  const cpu = context.sampler.cpuWindow();
  const waits = await InboxWaits.start(harnessValue('adminUrl'));
  const runtime = await ApiRuntimeWindow.open(context.apiMetricsUrl);
  const { driven, cpuWhileOffered, inboxWaits, apiRuntime } = await whileHeld(spec.workflowPause, async () => {
    const driven = await drive({ url: context.url, agent: context.agent, rate: spec.rate, seconds: spec.seconds, plan: (i) => plan.delivery(i), resend: spec.resend, midway: spec.midway });
    return { driven, cpuWhileOffered: cpu.end(), inboxWaits: await waits.end(), apiRuntime: await runtime.close() };
  });
  const drainFrom = spec.workflowPause ? Date.now() : undefined;
  const complete = await waitForDrain(runKey, drainDeadline);
  const rows = await inboundRows(runKey);
  const drain = drainOf(rows, complete, drainDeadline, drainFrom);
  const replies = await waitForReplies(context.fake, runKey, drain.processed, 10_000);
  const peaks = context.sampler.current();
  const outboxError = context.sampler.error;
  const accepted = driven.outcomes.filter((outcome) => outcome.finalCode === 200);
  const firstTime = driven.outcomes.filter((outcome) => outcome.firstCode === 200);
  const visible = visibleLatencies(accepted, rows, (id) => context.listener.seenAt(id));
  return {
    rate: spec.rate,
    seconds: spec.seconds,
    offered: driven.outcomes.length,
    accepted: accepted.length,
    acceptedPerSecond: acceptedPerSecond(driven),
    refused: refusals(driven),
    ack: percentiles(firstTime.map((outcome) => outcome.ackMs)),
    inboundAccepted: accepted.filter((outcome) => outcome.kind === 'inbound').length,
    visible: percentiles(visible.latencies),
    visibleMissing: visible.missing,
    backlogAtStart,
    drain,
    takenUp: percentiles(rows.flatMap((row) => (row.processedAt === null ? [] : [row.processedAt - row.createdAt]))),
    loadAfter: os.loadavg()[0]!,
    cpu: cpuWhileOffered,
    inboxWaits,
    apiRuntime,
    replies,
    peaks,
    ...(outboxError ? { outboxError } : {}),
    losses: await lossesOf(driven.outcomes, rows),
    duplicatedRows: await duplicatedRows(runKey),
    maxLagMs: driven.maxLagMs,
    resent: driven.outcomes.filter((outcome) => outcome.attempts > 1).length,
    resendAttempts: driven.outcomes.reduce((sum, outcome) => sum + outcome.attempts - 1, 0),
    neverAcknowledged: driven.outcomes.length - accepted.length,
  };
}
