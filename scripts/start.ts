import { spawn, type ChildProcess } from 'node:child_process';
import { localKeyring } from './local-keyring';
import path from 'node:path';
import { loadConfig } from '../domain/config';
import { exitOnStartupError } from '../domain/startup';
import { createDatabase } from '../prisma/client';
import { provisionDatabase } from '../prisma/provision';
import { DEMO_CREDENTIALS, seedDemoData } from '../prisma/seed';
import { provideClusterTemporal, provideTemporal } from '../temporal/server';
import { stopProcess } from '../temporal/server-process';
import { parseKeyring, SecretBox } from '../domain/secret-box';
import { SANDBOX_NUMBER, sandboxWanted, startWhatsAppSandbox } from './whatsapp-sandbox';
import { ensureWebBuild } from './web-build';
import { buildServicesApart, SERVICE_NODE_ARGS, WORKFLOW_BUNDLE } from './service-build';

const root = path.resolve(__dirname, '..');
const say = (line: string) => process.stdout.write(`[astor] ${line}\n`);
const quiet = (line: string) => {
  if (process.env.ASTOR_VERBOSE) say(line);
};

function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd = root): ChildProcess {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('error', (error) => say(`${name} could not start: ${error.message}`));
  return child;
}

const stopChild = (child: ChildProcess) => stopProcess(child, 15_000);

/** Where `npm start` serves each process's /metrics unless METRICS_PORT / WORKER_METRICS_PORT say otherwise (9464: Prometheus's usual exporter port). */
const DEV_METRICS_PORTS = { api: 9464, worker: 9470 };

/**
 * `npm start`: one of each process on the dev server, the web app as a production build;
 * `npm run dev` (--dev): the same with the web app on hot reload;
 * `npm run start:cluster` (--cluster): the Temporal server on PostgreSQL, two APIs and two workers.
 */
async function main(cluster = process.argv.includes('--cluster'), dev = process.argv.includes('--dev')) {
  const config = loadConfig();
  say('preparing PostgreSQL…');
  const database = await provisionDatabase(config, quiet);
  const db = createDatabase(database.appUrl, { poolSize: 2 });
  if (await seedDemoData(db)) say('seeded the demo tenant');
  const secretsKeys = config.secretsKeys ?? localKeyring(config.dataDir);
  const sandbox = sandboxWanted(config) ? await startWhatsAppSandbox(config, db, new SecretBox(parseKeyring(secretsKeys))) : undefined;
  await db.disconnect();

  say(cluster ? 'preparing the Temporal server on PostgreSQL…' : 'preparing Temporal…');
  const onPostgres = cluster && !config.temporal.address;
  const temporal = await (onPostgres ? provideClusterTemporal(config, database.adminUrl, quiet) : provideTemporal(config, quiet)).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  // After Temporal answers, so a start refused for its configuration leaves no build running behind it.
  // The services run on plain node from a fresh build (a few seconds); the worker takes its workflows
  // prebuilt too, unless it traces (it then bundles them with the tracing interceptors itself).
  const [scripts] = await Promise.all([buildServicesApart(), dev ? undefined : ensureWebBuild(say)]).catch(async (error: unknown) => {
    await Promise.all([temporal.stop(), database.stop(), sandbox?.stop()]);
    throw error;
  });

  const env = {
    ...process.env,
    DATABASE_URL: database.appUrl,
    DATABASE_ADMIN_URL: database.adminUrl,
    TEMPORAL_ADDRESS: temporal.address,
    ASTOR_SECRETS_KEYS: secretsKeys,
    ...(sandbox ? { WHATSAPP_GRAPH_URL: sandbox.baseUrl } : {}),
    ...(temporal.uiUrl ? { TEMPORAL_UI_URL: temporal.uiUrl } : {}),
    NEXT_TELEMETRY_DISABLED: '1',
    ...(config.tracing.otlpEndpoint || config.temporal.workflowBundlePath ? {} : { WORKFLOW_BUNDLE_PATH: WORKFLOW_BUNDLE }),
  };
  const run = (service: 'api' | 'worker') => [...SERVICE_NODE_ARGS[service], scripts[service]];
  // A cluster runs two of each: APIs on consecutive ports behind one public URL, workers sharing the task queue.
  const copies = cluster ? [1, 2] : [undefined];
  const apiPorts = copies.map((_, index) => config.api.port + index);
  // Locally every process serves /metrics on loopback, a port of its own; deployments opt in with METRICS_PORT / WORKER_METRICS_PORT.
  const metricsPorts = copies.map((_, index) => ({ api: (config.metrics.apiPort ?? DEV_METRICS_PORTS.api) + index, worker: (config.metrics.workerPort ?? DEV_METRICS_PORTS.worker) + index }));
  // The Temporal SDK's series stay opt-in (TEMPORAL_SDK_METRICS_PORT); a cluster's second worker takes the next port.
  const sdkMetricsEnv = (index: number) => (config.metrics.temporalSdkPort === undefined ? {} : { TEMPORAL_SDK_METRICS_PORT: String(config.metrics.temporalSdkPort + index) });
  const children = new Map<string, ChildProcess>();
  for (const [index, copy] of copies.entries()) children.set(`worker${copy ?? ''}`, startChild(`worker${copy ?? ''}`, process.execPath, run('worker'), { ...env, WORKER_METRICS_PORT: String(metricsPorts[index]!.worker), ...sdkMetricsEnv(index) }));
  for (const [index, copy] of copies.entries()) children.set(`api${copy ?? ''}`, startChild(`api${copy ?? ''}`, process.execPath, run('api'), { ...env, API_PORT: String(apiPorts[index]), METRICS_PORT: String(metricsPorts[index]!.api) }));
  children.set('web', startChild('web', process.execPath, ['--import', 'tsx', 'server.ts', ...(dev ? ['--dev'] : []), '--port', String(config.web.port)], { ...env, ASTOR_API_URL: config.api.publicUrl }, path.join(root, 'web')));

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all([...children.values()].map(stopChild));
    await temporal.stop();
    await database.stop();
    await sandbox?.stop();
    say('stopped');
    process.exit(code);
  };
  for (const [name, child] of children) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`${name} exited (${signal ?? `code ${code}`}); stopping the platform`);
      void shutdown(1);
    });
  }
  // `on`, not `once`: a second signal (a child tearing down its process group, a repeated Ctrl-C) must not kill us mid-shutdown.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(0));

  say('Astor is running:');
  say(`  web          http://localhost:${config.web.port}`);
  say(`  api          ${config.api.publicUrl}  (health: /healthz, readiness: /readyz)`);
  if (cluster) say(`  apis         ${apiPorts.map((port) => `http://localhost:${port}`).join(', ')}; workers: ${copies.length}`);
  say(`  metrics      ${metricsPorts.flatMap(({ api, worker }) => [`api http://${config.metrics.host}:${api}/metrics`, `worker http://${config.metrics.host}:${worker}/metrics`]).join(', ')}`);
  say(`  temporal     ${temporal.address}${onPostgres ? ' (Temporal server on PostgreSQL)' : temporal.embedded ? ' (embedded dev server)' : ''}`);
  if (temporal.uiUrl) say(`  temporal ui  ${temporal.uiUrl}`);
  say(`  postgres     ${database.embedded ? `embedded, data in ${database.clusterDir}` : 'DATABASE_URL'}`);
  if (sandbox) say(`  whatsapp     sandbox ${sandbox.baseUrl} (demo number ${SANDBOX_NUMBER.displayPhoneNumber}; write to it: npm run sandbox:inbound -- +5491155550123 "Hola")`);
  say(`demo sign-in: ${DEMO_CREDENTIALS.admin.email} / ${DEMO_CREDENTIALS.admin.password} (agency "${DEMO_CREDENTIALS.tenantSlug}")`);
  say('press Ctrl-C to stop');
}

main().catch(exitOnStartupError);
