import path from 'node:path';
import { startFakeElevenLabs, type FakeElevenLabs } from '../../integrations/elevenlabs/testing/fake-server';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { startEmbeddedPostgres } from '../../prisma/embedded-postgres';
import { saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { createStaffedTenant, type TestApi } from '../../testing/api-harness';
import type { ProvisionedTemporal as ClusterTemporal } from '../../temporal/postgres-server';
import { seedCampaignLeads } from '../../testing/campaign-harness';
import { freePort } from '../../testing/free-port';
import { testSecretBox } from '../../testing/harness';
import { harnessValue, type HarnessHandles } from '../../testing/harness-env';
import { startApiProcess, startWorkerProcess, type ServiceProcess } from '../../testing/service-process';
import { configureWhatsAppChannel, type TestNumber } from '../../testing/whatsapp-harness';
import { createAgencies, seedAgencyHistory } from '../bench/webhook-agencies';
import { ServiceWatch } from '../bench/webhook-observers';
import { APP_SECRET, type Agency } from '../bench/webhook-traffic';

export const ELEVENLABS_KEY = 'sk_cluster_kill_matrix_0001';

/** One API or worker process of the cluster, replaced in place when it is killed and restarted. */
export interface Service {
  name: string;
  process: ServiceProcess;
  watch: ServiceWatch;
  start: () => Promise<ServiceProcess>;
  /** Exits nobody asked for, with when and the process's last output lines (the watch keeps only what it can classify). */
  crashes: string[];
  expecting: boolean;
}

/** Keeps the child's last output lines and notes an exit the matrix did not ask for. */
function track(service: Service): void {
  const child = service.process.child;
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString().split('\n').filter((line) => line.trim()).map((line) => line.slice(0, 300)));
    tail.splice(0, Math.max(0, tail.length - 15));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  service.expecting = false;
  child.once('exit', (code, signal) => {
    if (!service.expecting) service.crashes.push(`${service.name} (pid ${child.pid}) exited at ${new Date().toISOString().slice(11, 23)} with code ${code}, signal ${signal}; its last lines:\n      ${tail.join('\n      ')}`);
  });
}

export type Staffed = Awaited<ReturnType<typeof createStaffedTenant>>;

export interface Stack {
  api: TestApi;
  taskQueue: string;
  apiPorts: number[];
  apis: Service[];
  workers: Service[];
  graph: FakeWhatsAppCloud;
  voice: FakeElevenLabs;
  agencies: Agency[];
  campaign: { staff: Staffed; number: TestNumber };
  voiceTenant: { staff: Staffed; number: TestNumber };
  temporal: ClusterTemporal;
}

export type Cleanup = (name: string, run: () => Promise<void>) => void;

async function startService(name: string, start: () => Promise<ServiceProcess>, cleanup: Cleanup): Promise<Service> {
  const service: Service = { name, process: await start(), watch: new ServiceWatch(name), start, crashes: [], expecting: false };
  service.watch.attach(service.process.child);
  track(service);
  cleanup(name, () => (service.watch.expectExit(), (service.expecting = true), service.process.stop()));
  return service;
}

/** SIGKILL, as a crashed host, then the same process started again (same port, same task queue). */
export async function killAndRestart(service: Service): Promise<void> {
  service.watch.expectExit();
  service.expecting = true;
  await service.process.kill();
  service.process = await service.start();
  service.watch.attach(service.process.child);
  track(service);
}

/** Stops the harness's embedded PostgreSQL (fast shutdown) and starts it again on the same directory and port. */
export async function restartPostgres(log: (line: string) => void): Promise<void> {
  const handles = (globalThis as { __astorHarness?: HarnessHandles }).__astorHarness;
  if (!handles) throw new Error('no harness: globalSetup has not run');
  const port = Number(new URL(harnessValue('adminUrl')).port);
  await handles.postgres.stop();
  handles.postgres = await startEmbeddedPostgres(handles.clusterDir, port, () => undefined);
  log(`PostgreSQL restarted on port ${port}`);
}

/**
 * The tenants (20 bot agencies for webhooks, one campaign agency with `recipients` tagged leads, one
 * agency sending voice notes), the fakes and the cluster's processes: two APIs on their own ports and
 * two workers on one task queue.
 */
export async function startStack(api: TestApi, temporal: ClusterTemporal, options: { agencies: number; statusMessagesPerAgency: number; recipients: number }, cleanup: Cleanup, log: (line: string) => void): Promise<Stack> {
  const agencies = await createAgencies(api.db, options.agencies);
  for (const agency of agencies) await seedAgencyHistory(agency, options.statusMessagesPerAgency);
  const campaignStaff = await createStaffedTenant(api.db, 'Cluster campañas');
  const campaignNumber = await configureWhatsAppChannel(api.db, campaignStaff.tenant.id, APP_SECRET);
  await seedCampaignLeads(campaignStaff.tenant.id, options.recipients, { prefix: '11', tag: 'cluster' });
  const voiceStaff = await createStaffedTenant(api.db, 'Cluster voz');
  const voiceNumber = await configureWhatsAppChannel(api.db, voiceStaff.tenant.id, APP_SECRET);
  await api.db.inTenant(voiceStaff.tenant.id, (tx) => saveIntegrationConfig(tx, testSecretBox(), 'ELEVENLABS', { apiKey: ELEVENLABS_KEY, voiceId: 'voz-rioplatense' }));
  log(`${agencies.length} bot agencies, a campaign agency with ${options.recipients} leads, a voice agency`);

  const apiPorts = [await freePort(), await freePort()];
  // Every number reports its statuses, as Meta does (a send whose outcome a fault lost waits for them): agencies
  // alternately to API 1 and API 2, the campaign's to API 1, the voice agency's to API 2; retried for minutes.
  const webhookOf = (api: number) => `http://127.0.0.1:${apiPorts[api]}/webhooks/whatsapp`;
  const graph = await startFakeWhatsAppCloud({
    numbers: [...agencies.map((agency) => ({ ...agency.number, webhookUrl: webhookOf(agency.index % 2) })), { ...campaignNumber, webhookUrl: webhookOf(0) }, { ...voiceNumber, webhookUrl: webhookOf(1) }],
    statusDelayMs: 50,
    webhookRetry: { retries: 14, baseDelayMs: 250, timeoutMs: 5_000 },
  });
  cleanup('fake Graph API', () => graph.stop());
  const voice = await startFakeElevenLabs({ keys: [{ apiKey: ELEVENLABS_KEY }], latencyMs: 1_000 });
  cleanup('fake ElevenLabs', () => voice.stop());

  const taskQueue = api.deps.config.temporal.taskQueue;
  const env = { WHATSAPP_GRAPH_URL: graph.baseUrl, ELEVENLABS_API_URL: voice.baseUrl, ASTOR_DATA_DIR: path.dirname(harnessValue('mediaDir')), LOG_LEVEL: 'info' };
  const workers = [
    await startService('worker 1', () => startWorkerProcess(taskQueue, env), cleanup),
    await startService('worker 2', () => startWorkerProcess(taskQueue, env), cleanup),
  ];
  const apis = [
    await startService('API 1', () => startApiProcess(apiPorts[0]!, taskQueue, env), cleanup),
    await startService('API 2', () => startApiProcess(apiPorts[1]!, taskQueue, env), cleanup),
  ];
  log(`APIs on ports ${apiPorts.join(' and ')} (pids ${apis.map((s) => s.process.child.pid).join(', ')}), workers pids ${workers.map((s) => s.process.child.pid).join(', ')} on ${taskQueue}`);
  return { api, taskQueue, apiPorts, apis, workers, graph, voice, agencies, campaign: { staff: campaignStaff, number: campaignNumber }, voiceTenant: { staff: voiceStaff, number: voiceNumber }, temporal };
}

/** JSON over HTTP to one of the cluster's APIs. */
export async function callApi<T>(stack: Stack, apiIndex: number, method: 'GET' | 'POST', route: string, auth: string, body?: object): Promise<{ status: number; body: T }> {
  const response = await fetch(`http://127.0.0.1:${stack.apiPorts[apiIndex]}/api${route}`, {
    method,
    headers: { Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
