import { randomUUID } from 'node:crypto';
import { startFakeWhatsAppCloud } from '../../activities/providers/whatsapp-cloud/fake-server';
import { inboundBody } from '../../activities/providers/whatsapp-cloud/fake-webhooks';
import { signWebhookBody } from '../../activities/providers/whatsapp-cloud/webhook-signature';
import { inboundMessageSignal } from '../../workflows/conversation.contract';
import globalSetup from '../../testing/global-setup';
import globalTeardown from '../../testing/global-teardown';
import { freePort } from '../../testing/free-port';
import { adminQuery, createTestTenant } from '../../testing/harness';
import { startTestApi } from '../../testing/api-harness';
import { startApiProcess, startWorkerProcess } from '../../testing/service-process';
import { configureWhatsAppChannel, type TestNumber } from '../../testing/whatsapp-harness';
import { ms, percentiles } from './percentiles';

/**
 * Drives signed WhatsApp webhooks at increasing rates against the real API, Temporal dev server,
 * worker and PostgreSQL, and compares with the raw rate at which the same Temporal accepts
 * signal-with-start. Run: npm run bench:webhooks  (BENCH_RATES=100,250,500 BENCH_SECONDS=10)
 */
const RATES = (process.env.BENCH_RATES ?? '100,250,500,750').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Contacts cycle, so most messages join an open conversation as in real traffic. */
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 300);
const APP_SECRET = 'astor-development-app-secret';

interface Sent {
  id: string;
  at: number;
  ackMs: number;
  status: number;
}

async function drive(url: string, number: TestNumber, rate: number, seconds: number, runKey: string): Promise<{ sent: Sent[]; elapsedMs: number }> {
  const total = rate * seconds;
  const sent: Sent[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = `wamid.bench-${runKey}-${i}`;
    const raw = JSON.stringify(inboundBody(number, { from: `54911${String(70000000 + (i % CONTACTS))}`, id, text: `consulta ${i}` }));
    const at = Date.now();
    const t0 = performance.now();
    inFlight.push(
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signWebhookBody(raw, APP_SECRET) }, body: raw })
        .then(async (response) => {
          await response.arrayBuffer();
          sent.push({ id, at, ackMs: performance.now() - t0, status: response.status });
        })
        .catch(() => {
          sent.push({ id, at, ackMs: performance.now() - t0, status: 0 });
        }),
    );
  }
  await Promise.all(inFlight);
  return { sent, elapsedMs: performance.now() - started };
}

async function endToEnd(tenantId: string, sent: Sent[], runKey: string): Promise<{ visible: number; latencies: number[] }> {
  const deadline = Date.now() + 120_000;
  let rows: { id: string; created: number }[] = [];
  while (Date.now() < deadline) {
    rows = await adminQuery<{ id: string; created: number }>(
      `SELECT "providerMessageId" AS id, (extract(epoch from "createdAt") * 1000)::float8 AS created FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" LIKE $2`,
      [tenantId, `wamid.bench-${runKey}-%`],
    );
    if (rows.length >= sent.length) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const sentAt = new Map(sent.map((entry) => [entry.id, entry.at]));
  return { visible: rows.length, latencies: rows.map((row) => row.created - (sentAt.get(row.id) ?? row.created)) };
}

async function baselineSignalWithStart(api: Awaited<ReturnType<typeof startTestApi>>, tenantId: string, count: number, concurrency: number): Promise<number> {
  const taskQueue = `bench-baseline-${randomUUID()}`;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const contact = `+54911${80000000 + i}`;
        await api.temporal.workflow.signalWithStart('conversationWorkflow', {
          workflowId: `bench-baseline:${tenantId}:${i}`,
          taskQueue,
          args: [{ tenantId, channel: 'WHATSAPP_CLOUD', contact }],
          signal: inboundMessageSignal,
          signalArgs: [{ providerMessageId: `baseline-${i}`, contact, type: 'text', text: 'x', sentAt: new Date().toISOString() }],
        });
      }
    }),
  );
  const rate = count / ((performance.now() - started) / 1000);
  await Promise.all(Array.from({ length: count }, (_, i) => api.temporal.workflow.getHandle(`bench-baseline:${tenantId}:${i}`).terminate('benchmark baseline').catch(() => undefined)));
  return rate;
}

async function main() {
  console.log('starting PostgreSQL, Temporal dev server and worker…');
  await globalSetup();
  const cleanups: (() => Promise<void>)[] = [globalTeardown];
  try {
    await measure(cleanups);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/** Starts the stack (registering how to stop each piece) and prints the table. */
async function measure(cleanups: (() => Promise<void>)[]): Promise<void> {
  const api = await startTestApi();
  cleanups.push(() => api.close());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/webhooks/whatsapp`;
  const tenant = await createTestTenant(api.db, 'Bench');
  await api.db.prisma.tenant.update({ where: { id: tenant.id }, data: { settings: { botEnabled: false } } });
  const number = await configureWhatsAppChannel(api.db, tenant.id, APP_SECRET);
  const fake = await startFakeWhatsAppCloud({ numbers: [number], statuses: [] });
  cleanups.push(() => fake.stop());
  const taskQueue = api.deps.config.temporal.taskQueue;
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const worker = await startWorkerProcess(taskQueue, { WHATSAPP_GRAPH_URL: fake.baseUrl, LOG_LEVEL: 'info' }, profile);
  cleanups.push(() => worker.stop());
  const apiProcess = await startApiProcess(port, taskQueue);
  cleanups.push(() => apiProcess.stop());
  console.log('API and worker run as separate processes, as in production');
  const baseline = await baselineSignalWithStart(api, tenant.id, 2_000, 64);
  console.log(`\nbaseline: Temporal accepts signal-with-start at ${baseline.toFixed(0)}/s (2,000 calls, 64 in flight, no HTTP, no worker)\n`);
  console.log('target/s  accepted/s  vs baseline  ack p50    ack p95    ack p99    e2e p50     e2e p95     e2e p99     lost');
  for (const rate of RATES) {
    const runKey = `${rate}-${Date.now()}`;
    const { sent, elapsedMs } = await drive(url, number, rate, SECONDS, runKey);
    const accepted = sent.filter((entry) => entry.status === 200);
    const acceptedPerSecond = accepted.length / (elapsedMs / 1000);
    const ack = percentiles(accepted.map((entry) => entry.ackMs));
    const e2e = await endToEnd(tenant.id, accepted, runKey);
    const latency = percentiles(e2e.latencies);
    const lost = accepted.length - e2e.visible;
    console.log(
      [String(rate).padEnd(9), acceptedPerSecond.toFixed(0).padEnd(11), `${(acceptedPerSecond / baseline).toFixed(2)}x`.padEnd(12), ms(ack.p50).padEnd(10), ms(ack.p95).padEnd(10), ms(ack.p99).padEnd(10), ms(latency.p50).padEnd(11), ms(latency.p95).padEnd(11), ms(latency.p99).padEnd(11), `${lost} (refused ${sent.length - accepted.length})`].join(' '),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
