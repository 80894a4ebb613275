import { readFileSync } from 'node:fs';
import { createWebhookInbox, type WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { whatsAppCloudDelivery } from '../../services/webhook-inbox/whatsapp-cloud-delivery';
import type { Delivery } from '../../services/webhook-inbox/edge-events';
import { startTestApi } from '../../testing/api-harness';
import { adminQuery, silentLogger } from '../../testing/harness';
import { logLine as log, withHarness } from '../../testing/long-run';
import { percentiles } from './percentiles';
import { processStat, runningPids } from './process-cpu';
import { createAgencies, seedAgencyHistory } from './webhook-agencies';
import { statusRanges, TrafficPlan, type Agency } from './webhook-traffic';

/**
 * The edge write alone: the webhook traffic of bench:webhooks (70 % statuses, 30 % inbound, 20
 * agencies) handed straight to the webhook inbox as fast as it takes it, with no HTTP, worker or
 * relay, so PostgreSQL's CPU per delivery can be compared between versions of the inbox's routines.
 * Rounds alternate between the variants (routine files applied before each round), so a machine
 * that slows down mid-run slows every variant alike.
 *
 * Run: npm run bench:ingest
 *   BENCH_VARIANTS=/tmp/before.sql,prisma/routines/webhook-inbox.sql   routine files to alternate, the first the baseline (default: as migrated)
 *   BENCH_ROUNDS=8 BENCH_DELIVERIES=8000 BENCH_IN_FLIGHT=256           rounds in all, deliveries per round, deliveries awaiting their commit at once
 */
const CONFIG = {
  variants: (process.env.BENCH_VARIANTS ?? '').split(',').filter(Boolean),
  rounds: Number(process.env.BENCH_ROUNDS ?? 8),
  deliveries: Number(process.env.BENCH_DELIVERIES ?? 8_000),
  inFlight: Number(process.env.BENCH_IN_FLIGHT ?? 256),
  agencies: 20,
  statusWindow: 200,
};

/** CPU seconds used so far by every PostgreSQL process of the machine (the run's server; the machine's own is idle). */
const postgresCpuSeconds = () =>
  runningPids().reduce((sum, pid) => {
    const stat = processStat(pid);
    return sum + (stat?.command === 'postgres' ? stat.seconds : 0);
  }, 0);

interface Round {
  variant: string;
  perSecond: number;
  ackMs: { p50: number; p99: number };
  cpuMicrosPerDelivery: number;
}

async function offer(inbox: WebhookInbox, deliveries: Delivery[]): Promise<Omit<Round, 'variant'>> {
  const cpuBefore = postgresCpuSeconds();
  const started = performance.now();
  const waits: number[] = [];
  let next = 0;
  const sender = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++]!;
      const sent = performance.now();
      await inbox.accept(delivery);
      waits.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: CONFIG.inFlight }, sender));
  const seconds = (performance.now() - started) / 1000;
  const { p50, p99 } = percentiles(waits);
  return { perSecond: deliveries.length / seconds, ackMs: { p50, p99 }, cpuMicrosPerDelivery: ((postgresCpuSeconds() - cpuBefore) * 1e6) / deliveries.length };
}

function roundDeliveries(agencies: Agency[], round: number, range: { from: number; perAgency: number }, contactsWritten: Set<string>): Delivery[] {
  const plan = new TrafficPlan(agencies, `ingest${round}`, range, CONFIG.statusWindow, 7 + round, contactsWritten);
  return Array.from({ length: CONFIG.deliveries }, (_, index) => {
    const { raw } = plan.delivery(index);
    return whatsAppCloudDelivery(Buffer.from(raw), new Date(), JSON.parse(raw));
  });
}

/**
 * Replaces the inbox's routines with a file's: its functions are dropped first (with the triggers
 * on them, which the file creates again), so a version whose functions answer other types applies.
 */
async function applyRoutines(file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const names = [...new Set([...text.matchAll(/FUNCTION\s+(astor_\w+)\s*\(/g)].map((match) => match[1]!))];
  const functions = await adminQuery<{ signature: string }>('SELECT oid::regprocedure::text AS signature FROM pg_proc WHERE proname = ANY($1)', [names]);
  await adminQuery(`${functions.map(({ signature }) => `DROP FUNCTION ${signature} CASCADE;`).join('\n')}\n${text}`);
}

const median = (values: number[]) => percentiles(values).p50;

function report(rounds: Round[]): string {
  const variants = [...new Set(rounds.map((round) => round.variant))];
  const medians = variants.map((variant) => {
    const own = rounds.filter((round) => round.variant === variant);
    return { variant, cpu: median(own.map((round) => round.cpuMicrosPerDelivery)), perSecond: median(own.map((round) => round.perSecond)), p99: median(own.map((round) => round.ackMs.p99)), each: own.map((round) => round.cpuMicrosPerDelivery.toFixed(0)).join(' ') };
  });
  const base = medians[0]!.cpu;
  const lines = medians.map((m) => `| ${m.variant} | ${m.cpu.toFixed(0)} µs (${(m.cpu / base).toFixed(2)}) | ${m.each} | ${m.perSecond.toFixed(0)}/s | ${m.p99.toFixed(1)} ms |`);
  return ['| routines | PostgreSQL CPU per delivery, median (÷ first) | each round | deliveries/s | wait p99 |', '| --- | --- | --- | --- | --- |', ...lines].join('\n');
}

withHarness('bench', async (cleanups) => {
  const api = await startTestApi();
  cleanups.add('test API clients', () => api.close());
  const { ranges, perAgency } = statusRanges(Array.from({ length: CONFIG.rounds }, () => ({ rate: CONFIG.deliveries, seconds: 1 })), CONFIG.agencies, CONFIG.statusWindow);
  const agencies = await createAgencies(api.db, CONFIG.agencies);
  for (const agency of agencies) await seedAgencyHistory(agency, perAgency);
  const inbox = createWebhookInbox({ databaseUrl: api.deps.config.database.url!, taskQueue: 'bench-ingest', logger: silentLogger });
  cleanups.add('webhook inbox', () => inbox.close());
  const contactsWritten = new Set<string>();
  const rounds: Round[] = [];
  for (let round = 0; round < CONFIG.rounds; round += 1) {
    const variant = CONFIG.variants[round % Math.max(1, CONFIG.variants.length)] ?? 'as migrated';
    if (CONFIG.variants.length) await applyRoutines(variant);
    const outcome = await offer(inbox, roundDeliveries(agencies, round, ranges[round]!, contactsWritten));
    rounds.push({ variant, ...outcome });
    log(`${variant}: ${outcome.perSecond.toFixed(0)}/s, wait p50 ${outcome.ackMs.p50.toFixed(1)} ms p99 ${outcome.ackMs.p99.toFixed(1)} ms, PostgreSQL ${outcome.cpuMicrosPerDelivery.toFixed(0)} µs CPU per delivery`);
  }
  console.log(`\n${CONFIG.rounds} rounds of ${CONFIG.deliveries} deliveries (70 % statuses, 30 % inbound, ${CONFIG.agencies} agencies), ${CONFIG.inFlight} awaiting their commit at once\n${report(rounds)}`);
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
