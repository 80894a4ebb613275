import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProviderErrorCategory } from '../integrations/provider-error';
import type { DeliverySource } from '../services/webhook-inbox/edge-events';

/**
 * Astor's Prometheus series, in one registry each process serves on its own metrics port.
 * Labels are bounded by construction: the recording functions below take closed sets (route
 * patterns, sources, outcomes, categories), never a phone number, an id or free text.
 */
export const registry = new Registry();

/** Seconds, from a few milliseconds (a webhook ack, a cached read) to a slow provider call. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const httpRequests = new Counter({ name: 'astor_http_requests_total', help: 'HTTP requests answered by the API, by Express route pattern.', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
const httpDuration = new Histogram({ name: 'astor_http_request_duration_seconds', help: 'Time from the request to the end of its answer.', labelNames: ['method', 'route'] as const, buckets: LATENCY_BUCKETS, registers: [registry] });
const webhookDeliveries = new Counter({ name: 'astor_webhook_deliveries_total', help: 'Webhook deliveries by source and outcome.', labelNames: ['source', 'outcome'] as const, registers: [registry] });
const webhookAck = new Histogram({ name: 'astor_webhook_ack_duration_seconds', help: 'Time a webhook sender waits for its answer (the delivery stored in PostgreSQL before a 200).', labelNames: ['source'] as const, buckets: LATENCY_BUCKETS, registers: [registry] });
const campaignSends = new Counter({ name: 'astor_campaign_sends_total', help: 'Campaign recipients settled, by outcome.', labelNames: ['outcome'] as const, registers: [registry] });
const providerRequests = new Counter({ name: 'astor_provider_requests_total', help: 'HTTP exchanges with providers, by outcome and Astor error category.', labelNames: ['provider', 'outcome', 'category'] as const, registers: [registry] });
const providerDuration = new Histogram({ name: 'astor_provider_request_duration_seconds', help: 'Time of one HTTP exchange with a provider, body included.', labelNames: ['provider'] as const, buckets: LATENCY_BUCKETS, registers: [registry] });

export interface OutboxReading {
  depth: number;
  oldestAgeMs: number;
}

/** Set by the process that reads the outbox (the API); elsewhere the outbox gauges stay absent rather than report 0. */
let readOutbox: (() => Promise<OutboxReading>) | undefined;

/** Read on scrape, so the value is never older than the scrape itself. */
async function collectOutbox(this: Gauge, pick: (reading: OutboxReading) => number): Promise<void> {
  const reading = await readOutbox?.().catch(() => undefined);
  // Removed, not reset: a gauge without labels resets to 0, which would read as an empty outbox.
  if (reading) this.set(pick(reading));
  else this.remove({});
}

new Gauge({
  name: 'astor_outbox_depth',
  help: 'Workflow hand-offs committed in PostgreSQL and not yet accepted by Temporal.',
  registers: [registry],
  collect() {
    return collectOutbox.call(this, (reading) => reading.depth);
  },
});
new Gauge({
  name: 'astor_outbox_oldest_age_seconds',
  help: 'Age of the oldest hand-off still in the outbox.',
  registers: [registry],
  collect() {
    return collectOutbox.call(this, (reading) => reading.oldestAgeMs / 1000);
  },
});

/** How a webhook delivery was answered: 200 stored, 401 signature/token refused, 4xx unreadable, 503 not stored (the sender retries). */
export type WebhookOutcome = 'accepted' | 'invalid_signature' | 'invalid' | 'refused' | 'error' | 'abandoned';
export type ProviderOutcome = 'ok' | 'error' | 'unreachable';
export type CampaignSendOutcome = 'sent' | 'failed' | 'skipped';

export function recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
  httpRequests.inc({ method, route, status: String(status) });
  httpDuration.observe({ method, route }, seconds);
}

export function recordWebhookDelivery(source: DeliverySource, outcome: WebhookOutcome, seconds: number): void {
  webhookDeliveries.inc({ source, outcome });
  webhookAck.observe({ source }, seconds);
}

/** `category` is the ProviderError's (Astor's retry category), `none` for a successful exchange, `unknown` for an answer the client could not read. */
export function recordProviderRequest(provider: string, outcome: ProviderOutcome, category: ProviderErrorCategory | 'none' | 'unknown', seconds: number): void {
  providerRequests.inc({ provider, outcome, category });
  providerDuration.observe({ provider }, seconds);
}

export function recordCampaignSends(counts: Record<CampaignSendOutcome, number>): void {
  for (const [outcome, count] of Object.entries(counts)) if (count > 0) campaignSends.inc({ outcome }, count);
}

export function observeOutbox(read: () => Promise<OutboxReading>): void {
  readOutbox = read;
}

let processMetrics = false;
/** Node's own series (CPU, memory, event-loop lag, GC), for the processes that serve metrics. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  collectDefaultMetrics({ register: registry });
  processMetrics = true;
}

/** Seconds since a `process.hrtime.bigint()` reading. */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
