import type { Headers } from '@temporalio/common';
import type { WorkflowInterceptors } from '@temporalio/workflow';

/**
 * Tracing without workflow spans (the default when tracing is on, see temporal/worker.ts): the trace
 * context the API or the relay sent with a start, signal or update is passed on, as it came, to the
 * activities, child workflows and signals the workflow schedules after it. Activities, provider calls
 * and the API's spans still make one trace per request; the workflow itself opens no spans. Upstream's
 * workflow interceptors, which do, cost a traced worker about half its throughput and several times
 * its memory (npm run bench:observability); OTEL_WORKFLOW_SPANS=true turns them on for a debugging session.
 */

/** The header @temporalio/interceptors-opentelemetry reads and writes the context in. */
const TRACE_HEADER = '_tracer-data';

let current: Headers[string] | undefined;

const received = (headers: Headers) => {
  if (headers[TRACE_HEADER]) current = headers[TRACE_HEADER];
};

const carried = <T extends { headers: Headers }>(input: T): T => (current ? { ...input, headers: { ...input.headers, [TRACE_HEADER]: current } } : input);

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      execute: (input, next) => (received(input.headers), next(input)),
      handleSignal: (input, next) => (received(input.headers), next(input)),
      handleUpdate: (input, next) => (received(input.headers), next(input)),
    },
  ],
  outbound: [
    {
      scheduleActivity: (input, next) => next(carried(input)),
      scheduleLocalActivity: (input, next) => next(carried(input)),
      startChildWorkflowExecution: (input, next) => next(carried(input)),
      signalWorkflow: (input, next) => next(carried(input)),
      continueAsNew: (input, next) => next(carried(input)),
    },
  ],
});
