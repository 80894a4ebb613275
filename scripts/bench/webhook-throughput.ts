import { processesNamed, reniceProcess } from './nice';
import { startFakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { applyTopology, TOPOLOGY_LABEL } from './topology';
import { freePort } from '../../testing/free-port';
import { harnessValue } from '../../testing/harness-env';
import { startTestApi, type TestApi } from '../../testing/api-harness';
import { startApiProcess, startWorkerProcess, type ServiceProcess } from '../../testing/service-process';
import { measureSignalBaseline, type Baseline } from './signal-baseline';
import { createAgencies, seedAgencyHistory } from './webhook-agencies';
import { keepAliveAgent } from './webhook-driver';
import { InboxListener, RunSampler, ServiceWatch } from './webhook-observers';
import { baselineLine, header, killBlock, rateTable, type KillResult, type RateOutcome } from './webhook-report';
import { runTraffic, type RunContext, type RunSpec, type WorkflowPause } from './webhook-run';
import { CONTACTS_PER_AGENCY, statusRanges, type Agency } from './webhook-traffic';
import { Cleanups } from '../../testing/cleanups';
import { logLine as log, withHarness } from '../../testing/long-run';

/**
 * Signed WhatsApp webhooks (70 % statuses of real outbound messages, 30 % inbound messages from
 * 2,000 contacts of 20 agencies, the bot on in each) offered at fixed rates to the real API and
 * worker, run as separate processes on the run's PostgreSQL and Temporal dev server; then a run
 * in which the API is SIGKILLed and restarted while Meta-like resends continue. Compared with
 * Temporal's raw signal-with-start + activity rate measured first in the same run.
 *
 * Run: npm run bench:webhooks
 *   BENCH_RATES=250,500,1000 BENCH_SECONDS=30        offered rates and seconds per rate
 *   BENCH_KILL_RATE=500 BENCH_KILL_SECONDS=30 BENCH_KILL_AT=0.4   the kill run (BENCH_KILL_RATE=0 skips it)
 *   BENCH_API_RELAY=false                            the API process runs no outbox relay (the worker's only)
 *   BENCH_WARMUP_SECONDS=5                           unmeasured traffic at 50/s first, so the first rate does not meet cold processes (0 skips it)
 *   BENCH_PROFILE_DIR=/tmp/prof                      the API and the worker write V8 CPU profiles there when they stop
 *   BENCH_BASELINE_SIGNALS=6000                      signals of the baseline (2,000 workflows, 64 in flight)
 *   BENCH_WORKER_NICE=10                             the worker yields the CPU to acknowledgements, as its own host would (0: equal shares)
 *   BENCH_TEMPORAL_NICE=10                           the Temporal server does too (every thread of each), after the baseline
 *   BENCH_API_NODE_ARGS=--max-old-space-size=128     node flags of the API process only, after its own (e.g. a heap cap)
 *   BENCH_WORKER_NODE_ARGS=--max-old-space-size=256  node flags of the worker process only (V8 flags apply to its workflow threads too)
 *   BENCH_WORKFLOWS_HELD=true                        the worker (its relay with it) is SIGSTOPped while each rate is offered and resumed after:
 *                                                    the edge is measured without workflow processing beside it, and the drain of the backlog alone
 */
const numbers = (value: string) => value.split(',').map((item) => Number(item.trim())).filter((item) => item > 0);
const CONFIG = {
  rates: numbers(process.env.BENCH_RATES ?? '250,500,1000'),
  seconds: Number(process.env.BENCH_SECONDS ?? 30),
  kill: { rate: Number(process.env.BENCH_KILL_RATE ?? 500), seconds: Number(process.env.BENCH_KILL_SECONDS ?? 30), fraction: Number(process.env.BENCH_KILL_AT ?? 0.4) },
  warmup: { rate: 50, seconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 5) },
  apiRelay: process.env.BENCH_API_RELAY !== 'false',
  workerNice: Number(process.env.BENCH_WORKER_NICE ?? 0),
  temporalNice: Number(process.env.BENCH_TEMPORAL_NICE ?? 0),
  /** The worker's workflow cache (TEMPORAL_WORKER_CACHED_WORKFLOWS); the worker's default when unset. */
  workerCachedWorkflows: process.env.BENCH_WORKER_CACHED_WORKFLOWS,
  /** Node flags of the API process only, after its own, so a V8 flag can be tried on it. */
  apiNodeArgs: (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
  workerNodeArgs: (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  workflowsHeld: process.env.BENCH_WORKFLOWS_HELD === 'true',
  agencies: 20,
  baseline: { signals: Number(process.env.BENCH_BASELINE_SIGNALS ?? 6_000), contacts: 2_000, inFlight: 64 },
  /** Seeded messages whose statuses are under way at once. */
  statusWindow: 200,
  drainCapMs: 5 * 60_000,
  resend: { baseDelayMs: 250, maxDelayMs: 2_000, giveUpAfterMs: 180_000 },
};


/** Stops what was started, newest first, once, whether the bench ends, fails or is interrupted. */
interface Services {
  agencies: Agency[];
  fake: RunContext['fake'];
  port: number;
  apiMetricsUrl: string;
  taskQueue: string;
  apiEnv: NodeJS.ProcessEnv;
  apiProcess: ServiceProcess;
  worker: ServiceProcess;
  watches: { api: ServiceWatch; worker: ServiceWatch };
}

interface Stack extends Services {
  api: TestApi;
  context: RunContext;
}

async function seedAgencies(api: TestApi, messagesPerAgency: number): Promise<Agency[]> {
  const agencies = await createAgencies(api.db, CONFIG.agencies);
  for (const agency of agencies) await seedAgencyHistory(agency, messagesPerAgency);
  log(`${agencies.length} agencies, ${agencies.length * CONTACTS_PER_AGENCY} contacts with a lead and an open conversation each, ${agencies.length * messagesPerAgency} outbound messages to walk`);
  return agencies;
}

async function startServices(cleanups: Cleanups, api: TestApi, agencies: Agency[]): Promise<Services> {
  const fake = await startFakeWhatsAppCloud({ numbers: agencies.map((agency) => agency.number), statuses: [] });
  cleanups.add('fake Graph API', () => fake.stop());
  const taskQueue = api.deps.config.temporal.taskQueue;
  const watches = { api: new ServiceWatch('api'), worker: new ServiceWatch('worker') };
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const cache = CONFIG.workerCachedWorkflows ? { TEMPORAL_WORKER_CACHED_WORKFLOWS: CONFIG.workerCachedWorkflows } : {};
  const worker = await startWorkerProcess(taskQueue, { WHATSAPP_GRAPH_URL: fake.baseUrl, LOG_LEVEL: 'info', ...cache }, [...profile, ...CONFIG.workerNodeArgs]);
  watches.worker.attach(worker.child);
  if (CONFIG.workerNice && worker.child.pid) reniceProcess(worker.child.pid, CONFIG.workerNice);
  if (CONFIG.temporalNice) for (const pid of processesNamed('temporal')) reniceProcess(pid, CONFIG.temporalNice);
  cleanups.add('worker process', () => (watches.worker.expectExit(), worker.stop()));
  const port = await freePort();
  const metricsPort = await freePort();
  const apiEnv = { METRICS_PORT: String(metricsPort), ...(CONFIG.apiRelay ? {} : { ASTOR_OUTBOX_RELAY: 'false' }) };
  const apiProcess = await startApiProcess(port, taskQueue, apiEnv, [...profile, ...CONFIG.apiNodeArgs]);
  watches.api.attach(apiProcess.child);
  const services = { agencies, fake, port, apiMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, taskQueue, apiEnv, apiProcess, worker, watches };
  cleanups.add('API process', () => (watches.api.expectExit(), services.apiProcess.stop()));
  log(`API (pid ${apiProcess.child.pid}, outbox relay ${CONFIG.apiRelay ? 'on' : 'off'}) and worker (pid ${worker.child.pid}) run as separate processes`);
  return services;
}

/** The bench's own observers and HTTP agent, which every run shares. */
async function observe(cleanups: Cleanups, services: Services): Promise<RunContext> {
  const listener = new InboxListener();
  await listener.start(harnessValue('adminUrl'));
  cleanups.add('LISTEN astor_inbox', () => listener.stop());
  // The kill run replaces services.apiProcess: its pid is looked up at each sample.
  const sampler = new RunSampler({ api: () => services.apiProcess.child.pid, worker: () => services.worker.child.pid });
  await sampler.start(harnessValue('adminUrl'));
  cleanups.add('sampler', () => sampler.stop());
  const agent = keepAliveAgent(256);
  cleanups.add('HTTP agent', async () => agent.destroy());
  return { url: `http://127.0.0.1:${services.port}/webhooks/whatsapp`, apiMetricsUrl: services.apiMetricsUrl, agent, agencies: services.agencies, fake: services.fake, listener, sampler, contactsWritten: new Set(), drainCapMs: CONFIG.drainCapMs };
}

async function startStack(cleanups: Cleanups, api: TestApi, agencies: Agency[]): Promise<Stack> {
  const services = await startServices(cleanups, api, agencies);
  // One object: the kill run replaces stack.apiProcess, and the cleanup and sampler (given the services) see whichever is current.
  return Object.assign(services, { api, context: await observe(cleanups, services) });
}

const errorText = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

async function warmUp(stack: Stack, range: RunSpec['statusRange']): Promise<void> {
  const { rate, seconds } = CONFIG.warmup;
  if (seconds <= 0) return;
  log(`warming up: ${rate}/s for ${seconds} s, not measured…`);
  try {
    await runTraffic(stack.context, { rate, seconds, statusRange: range, window: CONFIG.statusWindow, seed: 31 });
  } catch (error) {
    log(`warm-up failed (the rates run anyway): ${errorText(error)}`);
  }
}

/** Stops and continues the worker process: no workflow task, activity or relay batch runs meanwhile. */
function workerPause(stack: Stack): WorkflowPause {
  const signal = (name: NodeJS.Signals) => stack.worker.child.pid && process.kill(stack.worker.child.pid, name);
  return { pause: () => signal('SIGSTOP'), resume: () => signal('SIGCONT') };
}

async function runRates(stack: Stack, ranges: RunSpec['statusRange'][]): Promise<RateOutcome[]> {
  const outcomes: RateOutcome[] = [];
  const workflowPause = CONFIG.workflowsHeld ? workerPause(stack) : undefined;
  for (const [index, rate] of CONFIG.rates.entries()) {
    log(`offering ${rate}/s for ${CONFIG.seconds} s…`);
    try {
      const result = await runTraffic(stack.context, { rate, seconds: CONFIG.seconds, statusRange: ranges[index]!, window: CONFIG.statusWindow, seed: 7919 * (index + 1), workflowPause });
      log(`${rate}/s: accepted ${result.acceptedPerSecond.toFixed(1)}/s, ack p99 ${result.ack.p99.toFixed(1)} ms, drained ${result.drain.perSecond.toFixed(1)}/s`);
      outcomes.push({ rate, result });
    } catch (error) {
      log(`${rate}/s FAILED: ${errorText(error)}`);
      outcomes.push({ rate, error: errorText(error) });
    }
  }
  return outcomes;
}

/** At `fraction` of the run: SIGKILL the API and start a new one on the same port at once. */
function killAndRestart(stack: Stack, timing: { startedAt: number; killedAfterMs: number; restartMs: number }) {
  return async () => {
    timing.killedAfterMs = performance.now() - timing.startedAt;
    stack.watches.api.expectExit();
    await stack.apiProcess.kill();
    const killed = performance.now();
    stack.apiProcess = await startApiProcess(stack.port, stack.taskQueue, stack.apiEnv, CONFIG.apiNodeArgs);
    stack.watches.api.attach(stack.apiProcess.child);
    timing.restartMs = performance.now() - killed;
    log(`API killed ${(timing.killedAfterMs / 1000).toFixed(1)} s into the run; the new one (pid ${stack.apiProcess.child.pid}) listens ${(timing.restartMs / 1000).toFixed(1)} s later`);
  };
}

async function runKill(stack: Stack, range: RunSpec['statusRange']): Promise<KillResult | { error: string }> {
  const { rate, seconds, fraction } = CONFIG.kill;
  log(`kill run: offering ${rate}/s for ${seconds} s, the API SIGKILLed at ${Math.round(fraction * 100)} %…`);
  const timing = { startedAt: performance.now(), killedAfterMs: NaN, restartMs: NaN };
  try {
    const result = await runTraffic(stack.context, { rate, seconds, statusRange: range, window: CONFIG.statusWindow, seed: 104729, resend: CONFIG.resend, midway: { fraction, action: killAndRestart(stack, timing) } });
    return { result, killedAfterMs: timing.killedAfterMs, restartMs: timing.restartMs };
  } catch (error) {
    return { error: errorText(error) };
  }
}

function configLines(): Record<string, string> {
  return {
    topology: TOPOLOGY_LABEL,
    traffic: `${CONFIG.agencies} agencies × ${CONTACTS_PER_AGENCY} contacts, 70 % statuses (sent → delivered → read of seeded outbound messages, 10 % out of order) / 30 % inbound; one event per signed request; bot on in every agency`,
    rates: `${CONFIG.rates.join(', ')} deliveries/s offered, ${CONFIG.seconds} s each; kill run ${CONFIG.kill.rate > 0 ? `${CONFIG.kill.rate}/s for ${CONFIG.kill.seconds} s, API killed at ${Math.round(CONFIG.kill.fraction * 100)} %` : 'skipped'}`,
    services: `API and worker as separate processes (built as npm start runs them: plain node on the esbuild bundles; NODE_ENV=test, LOG_LEVEL=info)${CONFIG.workerNice ? `, worker at nice ${CONFIG.workerNice}` : ''}${CONFIG.temporalNice ? `, Temporal server at nice ${CONFIG.temporalNice}` : ''}; outbox relay in the worker${CONFIG.apiRelay ? ' and the API' : ' only (BENCH_API_RELAY=false)'}`,
    ...(CONFIG.workflowsHeld ? { held: 'the worker (workflows, activities, relay) SIGSTOPped while each rate is offered, resumed after it: drain counted from the resume (BENCH_WORKFLOWS_HELD=true)' } : {}),
    warmup: CONFIG.warmup.seconds > 0 ? `${CONFIG.warmup.rate}/s for ${CONFIG.warmup.seconds} s before the rates, not measured` : 'none',
  };
}

async function bench(cleanups: Cleanups): Promise<void> {
  const api = await startTestApi();
  cleanups.add('test API clients', () => api.close());
  const baseline: Baseline = await measureSignalBaseline(api.temporal, CONFIG.baseline);
  log(baselineLine(baseline));
  const runs = [CONFIG.warmup, ...CONFIG.rates.map((rate) => ({ rate, seconds: CONFIG.seconds })), CONFIG.kill];
  const { ranges, perAgency } = statusRanges(runs, CONFIG.agencies, CONFIG.statusWindow);
  const [warmupRange, ...rest] = ranges;
  const agencies = await seedAgencies(api, perAgency);
  const stack = await startStack(cleanups, api, agencies);
  await warmUp(stack, warmupRange!);
  const rates = await runRates(stack, rest);
  const kill = CONFIG.kill.rate > 0 ? await runKill(stack, rest[CONFIG.rates.length]!) : undefined;
  console.log(`\n${header(configLines())}\n${baselineLine(baseline)}\n`);
  console.log(rateTable(rates, baseline));
  console.log('drain cannot exceed the inbound rate offered (30 % of offered/s): its ratio to the baseline can reach 0.8 only where 0.3 × offered ≥ 0.8 × baseline.');
  if (kill) console.log(`\n${killBlock(kill, CONFIG.kill)}`);
  const problems = [...stack.watches.api.report(), ...stack.watches.worker.report()];
  console.log(problems.length ? `\nwhat the services logged as warn/error:\n${problems.join('\n')}` : '\nthe services logged no warnings or errors');
}

withHarness('bench', async (cleanups) => {
  cleanups.add('the cluster topology', await applyTopology());
  await bench(cleanups);
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
