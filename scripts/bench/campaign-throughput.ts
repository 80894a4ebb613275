import { DEFAULT_MESSAGES_PER_SECOND } from '../../domain/campaign';
import { applyTopology, TOPOLOGY_LABEL } from './topology';
import globalSetup from '../../testing/global-setup';
import globalTeardown from '../../testing/global-teardown';
import { NativeConnection, Worker } from '@temporalio/worker';
import { adminQuery } from '../../testing/harness';
import { harnessValue } from '../../testing/harness-env';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { seedCampaignLeads } from '../../testing/campaign-harness';
import { startWorkerProcess } from '../../testing/service-process';
import { configureWhatsAppChannel } from '../../testing/whatsapp-harness';
import { runCampaign } from './campaign-run';
import { startFakeGraphThread } from './fake-graph-thread';

/**
 * Runs real campaigns (API → Temporal → worker → fake Graph API) over BENCH_RECIPIENTS leads:
 * (a) at WhatsApp's default 80 messages/s, (b) at the API's ceiling of 1,000/s on an upgraded
 * number, and compares with the rate at which the same Temporal server completes near-empty
 * activities. The fake answers each send BENCH_GRAPH_ANSWER_MS after it arrives, as Meta takes a few
 * hundred milliseconds, on a thread of its own; "on the wire" counts the same sends as the kernel
 * saw them on loopback (tcpdump, as root; — without it). Run: npm run bench:campaigns  (BENCH_RECIPIENTS=100000 BENCH_CASES=a,b BENCH_GRAPH_ANSWER_MS=250)
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const GRAPH_ANSWER_MS = Number(process.env.BENCH_GRAPH_ANSWER_MS ?? 250);
const CASES = (process.env.BENCH_CASES ?? 'a,b').split(',');
const APP_SECRET = 'astor-development-app-secret';

/** Empty activities from one workflow, 64 in flight, on a worker of their own: the server's raw activity throughput here. */
async function emptyActivityRate(api: TestApi, count: number): Promise<number> {
  const taskQueue = `bench-empty-${Date.now()}`;
  const connection = await NativeConnection.connect({ address: harnessValue('temporalAddress') });
  const worker = await Worker.create({ connection, taskQueue, workflowsPath: require.resolve('./empty-activities.workflow'), activities: { nothing: async () => undefined } });
  const running = worker.run();
  try {
    const started = performance.now();
    await api.temporal.workflow.execute('emptyActivitiesWorkflow', { workflowId: `bench-empty-${Date.now()}`, taskQueue, args: [count, 64] });
    return count / ((performance.now() - started) / 1000);
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

/**
 * Every check a real agency's campaign goes through, none of them binding here: Meta's messaging limit
 * (a 100K tier, counted while the campaign claims its sends), the agency's marketing cap (2 in 7 days, read for
 * each recipient), and the template's own status and category.
 */
async function turnLimitChecksOn(tenantId: string): Promise<void> {
  await adminQuery(`UPDATE "WhatsAppChannel" SET "messagingLimitTier" = 'TIER_100K' WHERE "tenantId" = $1`, [tenantId]);
  await adminQuery(`UPDATE "Tenant" SET settings = settings || '{"marketingCap": {"messages": 2, "days": 7}}'::jsonb WHERE id = $1`, [tenantId]);
  const components = [{ type: 'BODY', text: 'Hola {{1}}, tenemos una oportunidad para vos', example: { body_text: [['Ana']] } }];
  await adminQuery(
    `INSERT INTO "WhatsAppTemplate" (id, "tenantId", name, language, category, components, status, "updatedAt")
     VALUES (gen_random_uuid(), $1, 'oportunidad', 'es_AR', 'MARKETING', $2::jsonb, 'APPROVED', now())`,
    [tenantId, JSON.stringify(components)],
  );
}

async function main() {
  console.log(`starting PostgreSQL, Temporal and the worker; ${RECIPIENTS.toLocaleString('en')} recipients per campaign; Graph answers each send in ${GRAPH_ANSWER_MS} ms…`);
  await globalSetup();
  const cleanups: (() => Promise<void>)[] = [globalTeardown];
  try {
    cleanups.push(await applyTopology());
    console.log(`topology: ${TOPOLOGY_LABEL}`);
    const api = await startTestApi();
    cleanups.push(() => api.close());
    const staff = await createStaffedTenant(api.db, 'Bench campañas');
    const number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
    await turnLimitChecksOn(staff.tenant.id);
    const fake = await startFakeGraphThread({ numbers: [number], statuses: [], answerDelayMs: GRAPH_ANSWER_MS });
    cleanups.push(() => fake.stop());
    const taskQueue = api.deps.config.temporal.taskQueue;
    const worker = await startWorkerProcess(taskQueue, { WHATSAPP_GRAPH_URL: fake.baseUrl });
    cleanups.push(() => worker.stop());
    const seeded = Date.now();
    await seedCampaignLeads(staff.tenant.id, RECIPIENTS, { prefix: '11', tag: 'bench' });
    console.log(`seeded ${RECIPIENTS.toLocaleString('en')} leads in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    const baseline = await emptyActivityRate(api, 5_000);
    console.log(`baseline: the same Temporal server completes ${baseline.toFixed(0)} empty activities/s (5,000 from one workflow, 64 in flight)\n`);
    console.log('case                         limit/s  sent     dupes  achieved/s  vs limit  vs baseline  peak in 1 s  ≤ limit  on the wire  stalls (n, s)  wall s   history: runs  events  bytes');
    for (const name of CASES) {
      const limit = name === 'a' ? DEFAULT_MESSAGES_PER_SECOND : 1_000;
      if (name === 'b') await adminQuery(`UPDATE "WhatsAppChannel" SET "messagesPerSecond" = 1000 WHERE "tenantId" = $1`, [staff.tenant.id]);
      const result = await runCampaign(api, fake, staff.tenant.id, staff.admin.auth, limit);
      const label = name === 'a' ? '(a) WhatsApp default limit' : '(b) no effective limit';
      console.log(
        [label.padEnd(28), String(limit).padEnd(8), String(result.sent).padEnd(8), String(result.duplicates).padEnd(6), result.achieved.toFixed(1).padEnd(11), (result.achieved / limit).toFixed(3).padEnd(9), `${(result.achieved / baseline).toFixed(2)}x`.padEnd(12), String(result.peak).padEnd(12), (result.peak <= limit ? 'yes' : 'no').padEnd(8), String(result.wirePeak ?? '—').padEnd(12), `${result.stalls.count}, ${result.stalls.seconds.toFixed(1)}`.padEnd(14), result.wallSeconds.toFixed(0).padEnd(8), String(result.history.runs).padEnd(15), String(result.history.events).padEnd(7), result.history.bytes].join(' '),
      );
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
