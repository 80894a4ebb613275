import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_SECRETS_KEYS } from './harness';
import { harnessValue } from './harness-env';
import { SERVICE_ENTRIES, SERVICE_NODE_ARGS, serviceScript, type ServiceName } from '../scripts/service-build';

export interface ServiceProcess {
  child: ChildProcess;
  /** SIGKILL: no graceful shutdown, in-flight activities are simply lost. */
  kill(): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

const root = path.resolve(__dirname, '..');

export type WorkerProcess = ServiceProcess;

/** Runs the real worker entry point (temporal/worker-main.ts) as a separate process, ready once it logs "worker started". */
export function startWorkerProcess(taskQueue: string, env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<WorkerProcess> {
  return startServiceProcess('worker', 'worker started', { TEMPORAL_TASK_QUEUE: taskQueue, ...env }, nodeArgs);
}

/** Runs the real API entry point (api/index.ts) as a separate process on the given port. */
export function startApiProcess(port: number, taskQueue: string, env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<ServiceProcess> {
  return startServiceProcess('api', 'api listening', { API_PORT: String(port), TEMPORAL_TASK_QUEUE: taskQueue, ...env }, nodeArgs);
}

/** As `npm start` runs it: the run's build of the service (see global-setup.ts) on plain node. */
async function startServiceProcess(service: ServiceName, readyLine: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<ServiceProcess> {
  const entry = SERVICE_ENTRIES[service];
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS[service], ...nodeArgs, serviceScript(harnessValue('servicesDir'), service)], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: harnessValue('appUrl'),
      TEMPORAL_ADDRESS: harnessValue('temporalAddress'),
      WORKFLOW_BUNDLE_PATH: harnessValue('bundlePath'),
      ASTOR_SECRETS_KEYS: TEST_SECRETS_KEYS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start: ${output}`)), 60_000);
    const ready = () => {
      if (!output.includes(readyLine)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout!.on('data', ready);
    child.stderr!.on('data', ready);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}: ${output}`)));
  });
  // Once started, its output is drained and dropped: collecting it would cost the test process more with every line.
  for (const stream of [child.stdout!, child.stderr!]) stream.removeAllListeners('data').resume();
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      child.stdout!.destroy();
      child.stderr!.destroy();
      resolve();
    }),
  );
  return {
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    /** A graceful stop, cut short after `graceMs` so a slow drain never holds up a suite's teardown. */
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
