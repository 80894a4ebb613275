import path from 'node:path';
import { Worker, bundleWorkflowCode, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import { DEFAULT_CACHED_WORKFLOWS } from '../domain/config';
import type { Tracing } from '../observability/tracing';
import { invalidDataInterceptor } from './activity-failures';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');

/**
 * The workflow side of OpenTelemetry tracing, bundled only when the worker traces: by default the
 * trace context is only carried on to activities; upstream's workflow spans (one tracer provider and
 * context store per cached workflow) halved a traced worker's throughput in npm run bench:observability,
 * so they are for debugging sessions (OTEL_WORKFLOW_SPANS=true).
 */
const WORKFLOW_TRACING_MODULES = {
  headers: path.resolve(__dirname, '../workflows/trace-propagation-interceptors.ts'),
  spans: path.resolve(__dirname, '../workflows/tracing-interceptors.ts'),
};
export type WorkflowTracing = keyof typeof WORKFLOW_TRACING_MODULES;

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
   * OpenTelemetry (observability/tracing.ts), when on: activity spans, and workflow spans exported
   * through a sink if asked. A prebuilt `workflowBundle` must then come from `bundleWorkflows(…, { tracing })`.
   */
  tracing?: Tracing;
}

/**
 * The workflow code as the worker runs it; `tracing` adds workflow interceptors that carry the trace
 * (and, for `spans`, open spans sent through a sink), leaving the workflow's commands as they are.
 */
export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH, options: { tracing?: WorkflowTracing } = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger, ...(options.tracing ? { workflowInterceptorModules: [WORKFLOW_TRACING_MODULES[options.tracing]] } : {}) });
}

/** The workflow tracing a worker with this tracing needs. */
export const workflowTracingOf = (tracing: Tracing | undefined): WorkflowTracing | undefined => (tracing ? (tracing.workflowSpans ? 'spans' : 'headers') : undefined);

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
    ...(tracing?.workflowSpans ? { sinks: tracing.workflowSinks } : {}),
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows(WORKFLOWS_PATH, { tracing: workflowTracingOf(tracing) })),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 50,
    // Thousands of conversations are open at once: keeping every one in memory cost over 1 GB in the
    // webhook bench; an evicted one is replayed from its (short) history when it next hears something
    // (TEMPORAL_WORKER_CACHED_WORKFLOWS trades that memory for fewer replays; 200 saved about 120 MB against 500).
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_CACHED_WORKFLOWS,
    ...(options.shutdownForceTime ? { shutdownForceTime: options.shutdownForceTime } : {}),
  });
}
