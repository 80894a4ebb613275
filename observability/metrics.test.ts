import { observeOutbox, recordCampaignSends, recordProviderRequest, recordWebhookDelivery, registry } from './metrics';
import { metricValue } from './testing/metric-values';

/** Label names that would make a series per person, conversation or message. */
const UNBOUNDED_LABELS = /phone|lead|message|contact|tenant|url|path|id$|text|body|error/i;

describe('Astor metrics', () => {
  it('registers the series the operations files and the README name, with their types and labels', async () => {
    const astor = (await registry.getMetricsAsJSON()).filter((metric) => metric.name.startsWith('astor_'));
    expect(Object.fromEntries(astor.map((metric) => [metric.name, metric.type]))).toEqual({
      astor_http_requests_total: 'counter',
      astor_http_request_duration_seconds: 'histogram',
      astor_webhook_deliveries_total: 'counter',
      astor_webhook_ack_duration_seconds: 'histogram',
      astor_campaign_sends_total: 'counter',
      astor_provider_requests_total: 'counter',
      astor_provider_request_duration_seconds: 'histogram',
      astor_outbox_depth: 'gauge',
      astor_outbox_oldest_age_seconds: 'gauge',
    });
  });

  it('labels no series by anything per person, message or tenant', () => {
    for (const metric of registry.getMetricsAsArray().filter((candidate) => candidate.name.startsWith('astor_'))) {
      const labelNames = (metric as unknown as { labelNames: string[] }).labelNames;
      expect({ metric: metric.name, labels: labelNames.filter((name) => UNBOUNDED_LABELS.test(name)) }).toEqual({ metric: metric.name, labels: [] });
    }
  });

  it('counts webhook deliveries by source and outcome, and times every acknowledgement of the source', async () => {
    const before = { accepted: await metricValue('astor_webhook_deliveries_total', { source: 'uchat', outcome: 'accepted' }), timed: await metricValue('astor_webhook_ack_duration_seconds_count', { source: 'uchat' }) };
    recordWebhookDelivery('uchat', 'accepted', 0.02);
    recordWebhookDelivery('uchat', 'invalid_signature', 0.001);
    expect(await metricValue('astor_webhook_deliveries_total', { source: 'uchat', outcome: 'accepted' })).toBe(before.accepted + 1);
    expect(await metricValue('astor_webhook_ack_duration_seconds_count', { source: 'uchat' })).toBe(before.timed + 2);
  });

  it('counts campaign recipients by settled outcome, leaving out outcomes with none', async () => {
    const sent = await metricValue('astor_campaign_sends_total', { outcome: 'sent' });
    recordCampaignSends({ sent: 3, failed: 0, skipped: 1 });
    expect(await metricValue('astor_campaign_sends_total', { outcome: 'sent' })).toBe(sent + 3);
    const samples = (await registry.getSingleMetric('astor_campaign_sends_total')!.get()).values;
    expect(samples.map((sample) => sample.labels.outcome).sort()).toEqual(['sent', 'skipped']);
  });

  it('counts provider exchanges with the category of their ProviderError', async () => {
    recordProviderRequest('manychat', 'error', 'rate_limit', 0.3);
    expect(await metricValue('astor_provider_requests_total', { provider: 'manychat', outcome: 'error', category: 'rate_limit' })).toBe(1);
    expect(await metricValue('astor_provider_request_duration_seconds_sum', { provider: 'manychat' })).toBeCloseTo(0.3);
  });

  it('reads the outbox on scrape, and leaves its gauges out when it cannot be read', async () => {
    expect(await registry.getSingleMetricAsString('astor_outbox_depth')).not.toMatch(/^astor_outbox_depth \d/m);
    let reading = { depth: 7, oldestAgeMs: 90_500 };
    observeOutbox(() => Promise.resolve(reading));
    expect(await metricValue('astor_outbox_depth')).toBe(7);
    expect(await metricValue('astor_outbox_oldest_age_seconds')).toBe(90.5);
    reading = { depth: 0, oldestAgeMs: 0 };
    expect(await metricValue('astor_outbox_depth')).toBe(0);
    observeOutbox(() => Promise.reject(new Error('connection refused')));
    expect(await registry.getSingleMetricAsString('astor_outbox_oldest_age_seconds')).not.toMatch(/^astor_outbox_oldest_age_seconds \d/m);
  });
});
