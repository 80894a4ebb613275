import path from 'node:path';
import { Worker, bundleWorkflowCode, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import type { Tracing } from '../observability/tracing';
import { invalidDataInterceptor } from './activity-failures';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');

/** The workflow side of OpenTelemetry tracing: bundled only when the worker traces. */
const WORKFLOW_TRACING_MODULE = path.resolve(__dirname, '../workflows/tracing-interceptors.ts');

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
  /**
   * OpenTelemetry (observability/tracing.ts), when on: activity and workflow spans, the latter
   * exported through a sink. A prebuilt `workflowBundle` must then come from `bundleWorkflows(…, { traced: true })`.
   */
  tracing?: Tracing;
}

/**
 * The workflow code as the worker runs it; `traced` adds the OpenTelemetry workflow interceptors,
 * which only add headers and spans (sent through a sink) and leave the workflow's commands as they are.
 */
export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH, options: { traced?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger, ...(options.traced ? { workflowInterceptorModules: [WORKFLOW_TRACING_MODULE] } : {}) });
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
  const { tracing } = options;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.deps),
    // Refused data ends an activity at once, whatever workflow runs it (see activity-failures); the
    // tracing interceptor comes first so the activity's span also covers that refusal.
    interceptors: { activity: [...(tracing?.activityInterceptors ?? []), invalidDataInterceptor] },
    ...(tracing ? { sinks: tracing.workflowSinks } : {}),
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows(WORKFLOWS_PATH, { traced: Boolean(tracing) })),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 50,
    // Thousands of conversations are open at once: keeping every one in memory cost over 1 GB in the
    // webhook bench; an evicted one is replayed from its (short) history when it next hears something.
    maxCachedWorkflows: options.maxCachedWorkflows ?? 500,
    ...(options.shutdownForceTime ? { shutdownForceTime: options.shutdownForceTime } : {}),
  });
}
