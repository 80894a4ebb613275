import os from 'node:os';
import type { Baseline } from './signal-baseline';
import type { CpuGroup } from './cpu-shares';
import type { ApiRuntime } from './api-runtime';
import type { InboxWaitShares } from './inbox-waits';
import type { Drain, Losses } from './webhook-checks';
import type { Peaks } from './webhook-observers';
import type { percentiles } from './percentiles';

type Summary = ReturnType<typeof percentiles>;

/** Everything measured at one offered rate. */
export interface RateResult {
  rate: number;
  seconds: number;
  offered: number;
  accepted: number;
  acceptedPerSecond: number;
  /** Deliveries whose first answer was not 200, by HTTP status or, with no answer, by error code. */
  refused: Record<string, number>;
  ack: Summary;
  inboundAccepted: number;
  visible: Summary;
  visibleMissing: number;
  /** Inbound messages of earlier runs not yet taken up when this run began. */
  backlogAtStart: number;
  drain: Drain;
  /** Edge write (createdAt) to taken up by the workflow (processedAt). */
  takenUp: Summary;
  /** 1-minute load average of the machine when the run's measurements ended. */
  loadAfter: number;
  /** Cores each group of processes used while the traffic was offered. */
  cpu: Record<CpuGroup, number>;
  /** What the webhook inbox's PostgreSQL backends waited on while the traffic was offered. */
  inboxWaits: InboxWaitShares;
  /** The API's event loop delay and GC time while the traffic was offered. */
  apiRuntime: ApiRuntime;
  replies: { replied: number; sends: number; duplicated: number };
  peaks: Peaks;
  outboxError?: string;
  losses: Losses;
  duplicatedRows: number;
  maxLagMs: number;
  resent: number;
  resendAttempts: number;
  neverAcknowledged: number;
}

export type RateOutcome = { rate: number; result?: RateResult; error?: string };

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const msCell = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
const mbCell = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} MB` : 'n/a');
const waitsCell = ({ running, shares }: InboxWaitShares) =>
  `${fixed(running, 1)}: ${shares.slice(0, 3).map(({ wait, share }) => `${wait} ${fixed(share * 100)} %`).join(', ') || 'none seen'}`;
const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);

interface Row {
  label: string;
  target: string;
  cell: (result: RateResult, baseline: Baseline) => string;
  /** True when the figure misses its target (marked ✗). */
  misses?: (result: RateResult, baseline: Baseline) => boolean;
}

const ratio = (result: RateResult) => result.acceptedPerSecond / result.rate;
const drainRatio = (result: RateResult, baseline: Baseline) => result.drain.perSecond / baseline.perSecond;
const lost = (result: RateResult) => result.losses.inbound + result.losses.statuses + result.losses.statusesPending;

const ROWS: Row[] = [
  { label: 'offered/s', target: '', cell: (r) => `${r.rate} (${r.offered} in ${r.seconds} s)` },
  { label: 'accepted/s', target: '', cell: (r) => fixed(r.acceptedPerSecond, 1) },
  { label: 'accepted ÷ offered', target: '≥ 0.99', cell: (r) => fixed(ratio(r), 3), misses: (r) => !(ratio(r) >= 0.99) },
  { label: 'not answered 200', target: '', cell: (r) => (total(r.refused) ? Object.entries(r.refused).map(([code, n]) => `${n}×${code}`).join(' ') : '0') },
  { label: 'ack p50', target: '< 20 ms', cell: (r) => msCell(r.ack.p50), misses: (r) => !(r.ack.p50 < 20) },
  { label: 'ack p95', target: '', cell: (r) => msCell(r.ack.p95) },
  { label: 'ack p99', target: '< 100 ms', cell: (r) => msCell(r.ack.p99), misses: (r) => !(r.ack.p99 < 100) },
  { label: 'ack max', target: '', cell: (r) => msCell(r.ack.max) },
  { label: 'visible to agent p50', target: '', cell: (r) => msCell(r.visible.p50) },
  { label: 'visible to agent p95', target: '< 1000 ms', cell: (r) => msCell(r.visible.p95), misses: (r) => !(r.visible.p95 < 1000) },
  { label: 'inbound without NOTIFY', target: '0', cell: (r) => String(r.visibleMissing), misses: (r) => r.visibleMissing > 0 },
  { label: 'backlog from earlier runs', target: '', cell: (r) => `${r.backlogAtStart} msgs` },
  { label: 'inbound accepted/s', target: '', cell: (r) => fixed(r.inboundAccepted / r.seconds, 1) },
  { label: 'drain: taken up/s', target: '', cell: (r) => `${fixed(r.drain.perSecond, 1)} (${r.drain.processed} of ${r.drain.stored} stored in ${fixed(r.drain.seconds, 1)} s${r.drain.complete ? '' : ', CAPPED'})` },
  { label: 'taken up after stored p50 / p95', target: '', cell: (r) => `${msCell(r.takenUp.p50)} / ${msCell(r.takenUp.p95)}` },
  { label: 'drain ÷ baseline', target: '≥ 0.8', cell: (r, b) => fixed(drainRatio(r, b), 2), misses: (r, b) => !(drainRatio(r, b) >= 0.8) },
  { label: 'drain ÷ inbound accepted/s', target: '', cell: (r) => fixed(r.drain.perSecond / (r.inboundAccepted / r.seconds), 2) },
  { label: 'bot replies (sends)', target: '', cell: (r) => `${r.replies.replied} (${r.replies.sends})` },
  { label: 'outbox max depth', target: '', cell: (r) => (r.outboxError ? `error: ${r.outboxError}` : String(r.peaks.outboxDepth)) },
  { label: 'outbox max oldest age', target: '', cell: (r) => msCell(r.peaks.outboxOldestMs) },
  { label: 'outbox max retrying', target: '', cell: (r) => String(r.peaks.outboxRetrying) },
  { label: 'lost inbound / statuses', target: '0', cell: (r) => `${r.losses.inbound} / ${r.losses.statuses}${r.losses.statusesPending ? ` (+${r.losses.statusesPending} unknown msg)` : ''}`, misses: (r) => lost(r) > 0 },
  { label: 'duplicated rows / replies', target: '0', cell: (r) => `${r.duplicatedRows} / ${r.replies.duplicated}`, misses: (r) => r.duplicatedRows + r.replies.duplicated > 0 },
  { label: 'API RSS max', target: '< 250 MB', cell: (r) => mbCell(r.peaks.apiMb), misses: (r) => !(r.peaks.apiMb < 250) },
  { label: 'worker RSS max', target: '< 400 MB', cell: (r) => mbCell(r.peaks.workerMb), misses: (r) => !(r.peaks.workerMb < 400) },
  { label: 'driver max lag', target: '', cell: (r) => msCell(r.maxLagMs) },
  { label: 'CPU while offered (cores): API / worker / PostgreSQL / Temporal / bench / other', target: '', cell: (r) => (['api', 'worker', 'postgres', 'temporal', 'bench', 'other'] as const).map((group) => fixed(r.cpu[group], 2)).join(' / ') },
  { label: 'API event loop delay p99 / max', target: '', cell: (r) => `${msCell(r.apiRuntime.lagP99Ms)} / ${msCell(r.apiRuntime.lagMaxMs)}` },
  { label: 'API GC while offered: major / minor / incremental', target: '', cell: ({ apiRuntime: { gcSeconds: gc } }) => `${fixed(gc.major, 2)} / ${fixed(gc.minor, 2)} / ${fixed(gc.incremental, 2)} s` },
  { label: 'inbox statements running (mean) and their waits', target: '', cell: (r) => waitsCell(r.inboxWaits) },
  { label: 'machine load after (1 min)', target: `${os.cpus().length} cores`, cell: (r) => fixed(r.loadAfter, 2) },
];

export function header(config: Record<string, string>): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  const lines = [
    `Astor webhook throughput — ${new Date().toISOString()}`,
    `machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}; load average at start ${load}`,
    ...Object.entries(config).map(([key, value]) => `${key}: ${value}`),
  ];
  return lines.join('\n');
}

export function baselineLine(baseline: Baseline): string {
  return `baseline: ${fixed(baseline.perSecond, 1)} activities/s — signal-with-start to ${baseline.contacts} per-contact workflows, one no-op activity per signal, ${baseline.signals} signals, ${baseline.inFlight} in flight, in-process worker on its own task queue (${fixed(baseline.seconds, 1)} s; the last signal-with-start returned after ${fixed(baseline.signalledSeconds, 1)} s)`;
}

/** Metrics down, offered rates across; ✗ marks a figure that misses its target. */
export function rateTable(outcomes: RateOutcome[], baseline: Baseline): string {
  const headings = ['', ...outcomes.map((outcome) => `${outcome.rate}/s`), 'target'];
  const body = ROWS.map((row) => [
    row.label,
    ...outcomes.map(({ result, error }) => {
      if (!result) return error ? 'FAILED' : 'n/a';
      return `${row.cell(result, baseline)}${row.misses?.(result, baseline) ? ' ✗' : ''}`;
    }),
    row.target,
  ]);
  const failures = outcomes.filter((outcome) => outcome.error).map((outcome) => `${outcome.rate}/s failed: ${outcome.error}`);
  return [...grid([headings, ...body]), ...failures].join('\n');
}

function grid(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  return rows.map((row) => row.map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length)).join('  ').trimEnd());
}

export interface KillResult {
  result: RateResult;
  killedAfterMs: number;
  restartMs: number;
}

export function killBlock(kill: KillResult | { error: string }, spec: { rate: number; seconds: number; fraction: number }): string {
  const title = `kill run: ${spec.rate}/s for ${spec.seconds} s, API SIGKILLed at ${Math.round(spec.fraction * 100)} % of the run, a new one started on the same port at once`;
  if ('error' in kill) return `${title}\n  FAILED: ${kill.error}`;
  const r = kill.result;
  return [
    title,
    `  killed at ${fixed(kill.killedAfterMs / 1000, 1)} s; the new API was listening ${fixed(kill.restartMs / 1000, 1)} s later`,
    `  deliveries ${r.offered}: first attempt not answered 200 ${total(r.refused)}; resent ${r.resent} (${r.resendAttempts} resends in all); never acknowledged ${r.neverAcknowledged}`,
    `  lost: inbound ${r.losses.inbound}, statuses ${r.losses.statuses}${r.losses.statusesPending ? ` (+${r.losses.statusesPending} whose message is unknown)` : ''} (target 0)${lost(r) > 0 ? ' ✗' : ''}`,
    `  duplicated: Message rows ${r.duplicatedRows}, bot replies ${r.replies.duplicated} (target 0)${r.duplicatedRows + r.replies.duplicated > 0 ? ' ✗' : ''}`,
    `  backlog from earlier runs at its start ${r.backlogAtStart} msgs; inbound accepted ${r.inboundAccepted}, taken up ${r.drain.processed} of ${r.drain.stored} stored${r.drain.complete ? '' : ' (drain CAPPED)'}, bot replied to ${r.replies.replied}; outbox max depth ${r.peaks.outboxDepth}, max oldest age ${msCell(r.peaks.outboxOldestMs)}`,
  ].join('\n');
}
