import path from 'node:path';
import { Worker, bundleWorkflowCode, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import { invalidDataInterceptor } from './activity-failures';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDependencies;
  /** A prebuilt bundle (tests, production images); bundles from source when absent. */
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
  maxConcurrentActivityTaskExecutions?: number;
  maxCachedWorkflows?: number;
  /** How long a shutdown may wait for in-flight tasks before giving up (tests); unbounded by default. */
  shutdownForceTime?: string;
}

export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.deps),
    // Refused data ends an activity at once, whatever workflow runs it (see activity-failures).
    interceptors: { activity: [invalidDataInterceptor] },
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 50,
    // Thousands of conversations are open at once: keeping every one in memory cost over 1 GB in the
    // webhook bench; an evicted one is replayed from its (short) history when it next hears something.
    maxCachedWorkflows: options.maxCachedWorkflows ?? 500,
    ...(options.shutdownForceTime ? { shutdownForceTime: options.shutdownForceTime } : {}),
  });
}
