import type { SinkCounts } from './otlp-sink';
import type { ScrapeCounts } from './metrics-scraper';
import type { RateResult } from './webhook-report';

/**
 * `on`: metrics and tracing; `metrics` and `tracing`: one of them alone, to tell their costs apart;
 * `wf-spans`: tracing with workflow spans too (OTEL_WORKFLOW_SPANS=true); `on` and `tracing` carry the trace through workflows without spans of their own.
 */
export const MODES = ['off', 'on', 'metrics', 'tracing', 'wf-spans'] as const;
export type Mode = (typeof MODES)[number];

export interface CampaignFigures {
  sent: number;
  achieved: number;
  wallSeconds: number;
}

/** One freshly started API and worker under the same workload. */
export interface CaseResult {
  mode: Mode;
  webhooks: RateResult;
  /** CPU seconds of each process over the webhook run (offer, drain and replies). */
  webhookCpu: { api: number; worker: number };
  campaign: CampaignFigures;
  campaignCpu: { api: number; worker: number };
  sink: SinkCounts;
  scrapes: Record<string, ScrapeCounts>;
}

interface Metric {
  label: string;
  value: (result: CaseResult) => number;
  /** Throughput: ON below OFF is the overhead. Otherwise a cost: ON above OFF is. */
  higherIsBetter: boolean;
  digits: number;
  /** Checked against the 5 % target. */
  target?: boolean;
}

const per1000 = (cpu: { api: number; worker: number }, count: number) => ((cpu.api + cpu.worker) / count) * 1000;

const METRICS: Metric[] = [
  { label: 'webhooks drained msg/s', value: (r) => r.webhooks.drain.perSecond, higherIsBetter: true, digits: 1, target: true },
  { label: 'webhooks accepted/s', value: (r) => r.webhooks.acceptedPerSecond, higherIsBetter: true, digits: 1, target: true },
  { label: 'webhook ack p50 ms', value: (r) => r.webhooks.ack.p50, higherIsBetter: false, digits: 1 },
  { label: 'webhook ack p99 ms', value: (r) => r.webhooks.ack.p99, higherIsBetter: false, digits: 1 },
  { label: 'webhook taken-up p50 ms', value: (r) => r.webhooks.takenUp.p50, higherIsBetter: false, digits: 0 },
  { label: 'CPU s / 1,000 deliveries', value: (r) => per1000(r.webhookCpu, r.webhooks.offered), higherIsBetter: false, digits: 2 },
  { label: '  of which API', value: (r) => (r.webhookCpu.api / r.webhooks.offered) * 1000, higherIsBetter: false, digits: 2 },
  { label: '  of which worker', value: (r) => (r.webhookCpu.worker / r.webhooks.offered) * 1000, higherIsBetter: false, digits: 2 },
  { label: 'campaign sends/s', value: (r) => r.campaign.achieved, higherIsBetter: true, digits: 1, target: true },
  { label: 'campaign wall s', value: (r) => r.campaign.wallSeconds, higherIsBetter: false, digits: 1 },
  { label: 'CPU s / 1,000 sends', value: (r) => per1000(r.campaignCpu, r.campaign.sent), higherIsBetter: false, digits: 2 },
  { label: 'peak RSS API MB', value: (r) => r.webhooks.peaks.apiMb, higherIsBetter: false, digits: 0 },
  { label: 'peak RSS worker MB', value: (r) => r.webhooks.peaks.workerMb, higherIsBetter: false, digits: 0 },
];

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const cell = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const overheadOf = (metric: Metric, off: number, on: number) => (metric.higherIsBetter ? 1 - on / off : on / off - 1) * 100;
const signed = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(1)} %` : 'n/a');

/** Every run's own figures, in the order they ran, so the spread between runs of one mode is visible. */
export function perRunTable(results: CaseResult[]): string {
  const head = ['metric'.padEnd(26), ...results.map((result, index) => `#${index + 1} ${result.mode.toUpperCase()}`.padStart(15))].join(' ');
  const rows = METRICS.map((metric) => [metric.label.padEnd(26), ...results.map((result) => cell(metric.value(result), metric.digits).padStart(15))].join(' '));
  const checks = [
    ['webhooks offered', (r: CaseResult) => String(r.webhooks.offered)],
    ['never acknowledged', (r: CaseResult) => String(r.webhooks.neverAcknowledged)],
    ['inbound processed/stored', (r: CaseResult) => `${r.webhooks.drain.processed}/${r.webhooks.drain.stored}`],
    ['campaign sent', (r: CaseResult) => String(r.campaign.sent)],
  ] as const;
  const checkRows = checks.map(([label, value]) => [label.padEnd(26), ...results.map((result) => value(result).padStart(15))].join(' '));
  return [head, ...rows, ...checkRows].join('\n');
}

/** OFF (mean of its runs) against `mode` (mean of its runs), the overhead of each figure, and the verdict against `targetPercent`. */
export function comparisonTable(results: CaseResult[], mode: Exclude<Mode, 'off'>, targetPercent: number): string {
  const of = (wanted: Mode, metric: Metric) => mean(results.filter((result) => result.mode === wanted).map(metric.value));
  const name = mode.toUpperCase();
  const head = ['metric'.padEnd(26), 'OFF'.padStart(10), name.padStart(12), `${name}/OFF`.padStart(16), 'overhead'.padStart(10)].join(' ');
  const overheads: { label: string; percent: number }[] = [];
  const rows = METRICS.map((metric) => {
    const [off, on] = [of('off', metric), of(mode, metric)];
    const percent = overheadOf(metric, off, on);
    if (metric.target) overheads.push({ label: metric.label, percent });
    return [metric.label.padEnd(26), cell(off, metric.digits).padStart(10), cell(on, metric.digits).padStart(12), cell(on / off, 3).padStart(16), signed(percent).padStart(10)].join(' ');
  });
  const worst = Math.max(...overheads.map((overhead) => overhead.percent));
  const within = overheads.every((overhead) => overhead.percent < targetPercent);
  const verdict = `verdict (${name} against OFF, ${results.filter((result) => result.mode === mode).length} runs against ${results.filter((result) => result.mode === 'off').length}): throughput overhead ${overheads.map((overhead) => `${overhead.label} ${signed(overhead.percent)}`).join(', ')}; worst ${signed(worst)} → ${within ? 'WITHIN' : 'ABOVE'} the ${targetPercent} % target`;
  return [head, ...rows, '', verdict].join('\n');
}

/** What proves observability was really on (and off): spans and bytes the sink received, scrapes made, per run. */
export function exportTable(results: CaseResult[]): string {
  const lines = ['run  mode         OTLP requests  spans   bytes       spans by service                      scrapes ok/failed'];
  for (const [index, result] of results.entries()) {
    const services = Object.entries(result.sink.byService).map(([name, count]) => `${name} ${count}`).join(', ') || '-';
    const scrapes = Object.entries(result.scrapes).map(([name, counts]) => `${name} ${counts.ok}/${counts.failed}${counts.firstError ? ` (${counts.firstError})` : ''}`).join(', ') || '-';
    lines.push([`#${index + 1}`.padEnd(4), result.mode.toUpperCase().padEnd(12), String(result.sink.requests).padEnd(14), String(result.sink.spans).padEnd(7), String(result.sink.bytes).padEnd(11), services.padEnd(37), scrapes].join(' '));
  }
  return lines.join('\n');
}
