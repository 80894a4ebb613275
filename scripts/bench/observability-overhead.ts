import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { bundleWorkflows, type WorkflowTracing } from '../../temporal/worker';
import { adminQuery } from '../../testing/harness';
import { harnessValue } from '../../testing/harness-env';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { seedCampaignLeads } from '../../testing/campaign-harness';
import { Cleanups } from '../../testing/cleanups';
import { logLine as log, withHarness } from '../../testing/long-run';
import { freePort } from '../../testing/free-port';
import { startApiProcess, startWorkerProcess } from '../../testing/service-process';
import { configureWhatsAppChannel } from '../../testing/whatsapp-harness';
import { runCampaign } from './campaign-run';
import { MetricsScraper, type ScrapeCounts } from './metrics-scraper';
import { comparisonTable, exportTable, MODES, perRunTable, type CaseResult, type Mode } from './observability-report';
import { startOtlpSink, type OtlpSink } from './otlp-sink';
import { cpuSeconds } from './process-cpu';
import { applyTopology, TOPOLOGY_LABEL } from './topology';
import { createAgencies, seedAgencyHistory } from './webhook-agencies';
import { keepAliveAgent } from './webhook-driver';
import { InboxListener, RunSampler, ServiceWatch } from './webhook-observers';
import { runTraffic, type RunContext, type RunSpec } from './webhook-run';
import { APP_SECRET, statusRanges, type Agency } from './webhook-traffic';

/**
 * What metrics and tracing cost (issue 21: under 5 % of webhook and campaign throughput). The same
 * workload runs with observability OFF (no metrics ports, no OTLP endpoint) and ON (the API's,
 * the worker's and the Temporal SDK's /metrics scraped every 5 s, spans exported over OTLP/HTTP to
 * a loopback sink), each on a freshly started API and worker process, in the order OFF, ON, OFF,
 * ON so drift on the machine is shared. The workload: signed webhooks offered at a saturating rate
 * (the worker is the bottleneck: drained inbound messages per second is the throughput), then a
 * campaign at the API's ceiling of 1,000 messages/s to the fake Graph API.
 *
 * Run: npm run bench:observability
 *   BENCH_RATE=250 BENCH_SECONDS=20     offered webhook deliveries/s and seconds per run
 *   BENCH_RECIPIENTS=2000               leads each run's campaign sends to
 *   BENCH_WARMUP_SECONDS=5              unmeasured webhooks at 50/s on each fresh pair of processes (0 skips it)
 *   BENCH_ORDER=off,on,off,on           the runs, in order; also `metrics`, `tracing` (one of the two alone) and
 *                                       `wf-spans` (tracing with workflow spans, OTEL_WORKFLOW_SPANS=true)
 *   OTEL_TRACES_SAMPLER_ARG=0.1          passed on to the traced processes
 */
function modes(list: string): Mode[] {
  return list.split(',').map((item) => {
    const mode = item.trim() as Mode;
    if (!MODES.includes(mode)) throw new Error(`BENCH_ORDER: ${item} is none of ${MODES.join(', ')}`);
    return mode;
  });
}

const CONFIG = {
  rate: Number(process.env.BENCH_RATE ?? 250),
  seconds: Number(process.env.BENCH_SECONDS ?? 20),
  recipients: Number(process.env.BENCH_RECIPIENTS ?? 2_000),
  warmup: { rate: 50, seconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 5) },
  order: modes(process.env.BENCH_ORDER ?? 'off,on,off,on'),
  campaignLimit: 1_000,
  agencies: 20,
  statusWindow: 200,
  drainCapMs: 5 * 60_000,
  scrapeEveryMs: 5_000,
  metricsToken: 'bench-observability-scrape-token',
  targetPercent: 5,
};


/** What every run shares: the seeded tenants, the fake Graph API, the sink and the bench's own observers. */
interface Shared {
  api: TestApi;
  agencies: Agency[];
  campaign: { tenantId: string; auth: string };
  fake: FakeWhatsAppCloud;
  sink: OtlpSink;
  /** The workflow bundles a traced worker runs: carrying the trace only (the default), or with workflow spans. */
  tracedBundlePaths: Record<WorkflowTracing, string>;
  listener: InboxListener;
  agent: ReturnType<typeof keepAliveAgent>;
  contactsWritten: Set<string>;
  problems: string[];
}

async function prepare(cleanups: Cleanups): Promise<{ shared: Shared; ranges: RunSpec['statusRange'][] }> {
  const api = await startTestApi();
  cleanups.add('test API clients', () => api.close());
  const runs = CONFIG.order.flatMap(() => [CONFIG.warmup, { rate: CONFIG.rate, seconds: CONFIG.seconds }]);
  const { ranges, perAgency } = statusRanges(runs, CONFIG.agencies, CONFIG.statusWindow);
  const agencies = await createAgencies(api.db, CONFIG.agencies);
  for (const agency of agencies) await seedAgencyHistory(agency, perAgency);
  const staff = await createStaffedTenant(api.db, 'Bench observabilidad');
  const number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
  await adminQuery(`UPDATE "WhatsAppChannel" SET "messagesPerSecond" = $2 WHERE "tenantId" = $1`, [staff.tenant.id, CONFIG.campaignLimit]);
  await seedCampaignLeads(staff.tenant.id, CONFIG.recipients, { prefix: '11', tag: 'bench' });
  log(`${agencies.length} agencies seeded for webhooks, ${CONFIG.recipients} campaign leads`);
  const fake = await startFakeWhatsAppCloud({ numbers: [...agencies.map((agency) => agency.number), number], statuses: [] });
  cleanups.add('fake Graph API', () => fake.stop());
  const sink = await startOtlpSink();
  cleanups.add('OTLP sink', () => sink.stop());
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'astor-traced-bundle-'));
  cleanups.add('traced workflow bundle', async () => rmSync(bundleDir, { recursive: true, force: true }));
  const tracedBundlePaths = { headers: path.join(bundleDir, 'headers-bundle.js'), spans: path.join(bundleDir, 'spans-bundle.js') };
  for (const tracing of ['headers', 'spans'] as const) writeFileSync(tracedBundlePaths[tracing], (await bundleWorkflows(path.resolve(__dirname, '../../testing/workflows.ts'), { tracing })).code);
  const listener = new InboxListener();
  await listener.start(harnessValue('adminUrl'));
  cleanups.add('LISTEN astor_inbox', () => listener.stop());
  const agent = keepAliveAgent(256);
  cleanups.add('HTTP agent', async () => agent.destroy());
  const shared = { api, agencies, campaign: { tenantId: staff.tenant.id, auth: staff.admin.auth }, fake, sink, tracedBundlePaths, listener, agent, contactsWritten: new Set<string>(), problems: [] };
  return { shared, ranges };
}

interface Ports {
  api: number;
  apiMetrics: number;
  workerMetrics: number;
  sdkMetrics: number;
}

const metrics = (mode: Mode) => mode === 'on' || mode === 'metrics';
const tracing = (mode: Mode) => mode === 'on' || mode === 'tracing' || mode === 'wf-spans';
const workflowSpans = (mode: Mode) => mode === 'wf-spans';

/** The environment of each process: ON adds every metrics endpoint and the OTLP endpoint, OFF adds nothing. */
function environments(mode: Mode, shared: Shared, ports: Ports): { api: NodeJS.ProcessEnv; worker: NodeJS.ProcessEnv } {
  const base = { WHATSAPP_GRAPH_URL: shared.fake.baseUrl, LOG_LEVEL: 'info' };
  const traced = tracing(mode) ? { OTEL_EXPORTER_OTLP_ENDPOINT: shared.sink.endpoint, ...(process.env.OTEL_TRACES_SAMPLER_ARG ? { OTEL_TRACES_SAMPLER_ARG: process.env.OTEL_TRACES_SAMPLER_ARG } : {}) } : {};
  const measured = metrics(mode) ? { METRICS_TOKEN: CONFIG.metricsToken } : {};
  return {
    api: { ...base, ...traced, ...measured, ...(metrics(mode) ? { METRICS_PORT: String(ports.apiMetrics) } : {}) },
    worker: {
      ...base,
      ...traced,
      ...measured,
      ...(metrics(mode) ? { WORKER_METRICS_PORT: String(ports.workerMetrics), TEMPORAL_SDK_METRICS_PORT: String(ports.sdkMetrics) } : {}),
      ...(tracing(mode) ? { WORKFLOW_BUNDLE_PATH: shared.tracedBundlePaths[workflowSpans(mode) ? 'spans' : 'headers'] } : {}),
      ...(workflowSpans(mode) ? { OTEL_WORKFLOW_SPANS: 'true' } : {}),
    },
  };
}

function scraperFor(ports: Ports): MetricsScraper {
  const url = (port: number) => `http://127.0.0.1:${port}/metrics`;
  return new MetricsScraper(
    { api: { url: url(ports.apiMetrics), token: CONFIG.metricsToken }, worker: { url: url(ports.workerMetrics), token: CONFIG.metricsToken }, 'temporal-sdk': { url: url(ports.sdkMetrics) } },
    CONFIG.scrapeEveryMs,
  );
}

const cpuOf = (pids: { api?: number; worker?: number }) => ({ api: cpuSeconds(pids.api), worker: cpuSeconds(pids.worker) });
const cpuSince = (before: { api: number; worker: number }, pids: { api?: number; worker?: number }) => {
  const now = cpuOf(pids);
  return { api: now.api - before.api, worker: now.worker - before.worker };
};

/** One run: a fresh API and worker in `mode`, warmed up, then the measured webhooks and the campaign; stopped before the sink is read. */
async function runCase(shared: Shared, mode: Mode, ranges: [RunSpec['statusRange'], RunSpec['statusRange']], index: number, cleanups: Cleanups): Promise<CaseResult> {
  const own = new Cleanups();
  cleanups.add(`run ${index + 1} processes`, () => own.runAll());
  try {
    const ports = { api: await freePort(), apiMetrics: await freePort(), workerMetrics: await freePort(), sdkMetrics: await freePort() };
    const env = environments(mode, shared, ports);
    const taskQueue = shared.api.deps.config.temporal.taskQueue;
    const watches = { api: new ServiceWatch(`run ${index + 1} ${mode} api`), worker: new ServiceWatch(`run ${index + 1} ${mode} worker`) };
    const worker = await startWorkerProcess(taskQueue, env.worker);
    watches.worker.attach(worker.child);
    own.add('worker', () => (watches.worker.expectExit(), worker.stop()));
    const apiProcess = await startApiProcess(ports.api, taskQueue, env.api);
    watches.api.attach(apiProcess.child);
    own.add('API', () => (watches.api.expectExit(), apiProcess.stop()));
    const pids = { api: apiProcess.child.pid, worker: worker.child.pid };
    shared.sink.reset();
    const scraper = metrics(mode) ? scraperFor(ports) : undefined;
    scraper?.start();
    const sampler = new RunSampler({ api: () => pids.api, worker: () => pids.worker });
    await sampler.start(harnessValue('adminUrl'));
    own.add('sampler', () => sampler.stop());
    const context: RunContext = { url: `http://127.0.0.1:${ports.api}/webhooks/whatsapp`, agent: shared.agent, agencies: shared.agencies, fake: shared.fake, listener: shared.listener, sampler, contactsWritten: shared.contactsWritten, drainCapMs: CONFIG.drainCapMs };
    log(`run ${index + 1} (${mode.toUpperCase()}): API pid ${pids.api}, worker pid ${pids.worker}`);
    if (CONFIG.warmup.seconds > 0) await runTraffic(context, { ...CONFIG.warmup, statusRange: ranges[0], window: CONFIG.statusWindow, seed: 31 + index });
    const webhookCpuBefore = cpuOf(pids);
    const webhooks = await runTraffic(context, { rate: CONFIG.rate, seconds: CONFIG.seconds, statusRange: ranges[1], window: CONFIG.statusWindow, seed: 7919 });
    const webhookCpu = cpuSince(webhookCpuBefore, pids);
    log(`  webhooks: accepted ${webhooks.acceptedPerSecond.toFixed(1)}/s, ack p99 ${webhooks.ack.p99.toFixed(1)} ms, drained ${webhooks.drain.perSecond.toFixed(1)}/s`);
    const campaignCpuBefore = cpuOf(pids);
    const campaign = await runCampaign({ temporal: shared.api.temporal, app: `http://127.0.0.1:${ports.api}` }, { reset: async () => shared.fake.reset(), sent: async () => shared.fake.sent(), countByRecipient: async () => shared.fake.countByRecipient() }, shared.campaign.tenantId, shared.campaign.auth, CONFIG.campaignLimit);
    const campaignCpu = cpuSince(campaignCpuBefore, pids);
    log(`  campaign: ${campaign.sent} sent at ${campaign.achieved.toFixed(1)}/s`);
    const scrapes: Record<string, ScrapeCounts> = (await scraper?.stop()) ?? {};
    // Stopping flushes the exporters' last batches: the sink is read after.
    await own.runAll();
    shared.problems.push(...watches.api.report(), ...watches.worker.report());
    return { mode, webhooks, webhookCpu, campaign, campaignCpu, sink: shared.sink.counts(), scrapes };
  } finally {
    await own.runAll();
  }
}

async function bench(cleanups: Cleanups): Promise<void> {
  const { shared, ranges } = await prepare(cleanups);
  const results: CaseResult[] = [];
  for (const [index, mode] of CONFIG.order.entries()) results.push(await runCase(shared, mode, [ranges[2 * index]!, ranges[2 * index + 1]!], index, cleanups));
  console.log(`\ntopology: ${TOPOLOGY_LABEL}; ${os.cpus().length} CPUs; API and worker as separate processes, fresh for each run`);
  console.log(`workload per run: webhooks ${CONFIG.rate}/s for ${CONFIG.seconds} s (after ${CONFIG.warmup.seconds} s at ${CONFIG.warmup.rate}/s unmeasured), then a campaign of ${CONFIG.recipients} at ${CONFIG.campaignLimit}/s; order ${CONFIG.order.join(', ').toUpperCase()}`);
  console.log(`metrics: METRICS_PORT, WORKER_METRICS_PORT, TEMPORAL_SDK_METRICS_PORT scraped every ${CONFIG.scrapeEveryMs / 1000} s; tracing: OTEL_EXPORTER_OTLP_ENDPOINT = loopback sink, the worker carries the trace through workflows (WF-SPANS: with workflow spans); ON: both\n`);
  console.log(perRunTable(results));
  console.log('');
  for (const mode of MODES.filter((wanted): wanted is Exclude<Mode, 'off'> => wanted !== 'off' && CONFIG.order.includes(wanted))) console.log(`${comparisonTable(results, mode, CONFIG.targetPercent)}\n`);
  console.log(exportTable(results));
  console.log(shared.problems.length ? `\nwhat the services logged as warn/error:\n${shared.problems.join('\n')}` : '\nthe services logged no warnings or errors');
}

withHarness('bench', async (cleanups) => {
  cleanups.add('the cluster topology', await applyTopology());
  await bench(cleanups);
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
