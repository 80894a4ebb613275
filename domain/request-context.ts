import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';

/**
 * What ties the log lines, the problem+json answer and the trace of one API request together: its
 * request id, carried like the tenant context (prisma/tenant-context.ts) through everything the
 * request awaits.
 */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};

/** The trace id of the span in progress; undefined when tracing is off (no context manager) or outside a span. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** The fields every log line written in this context carries: `requestId` in a request, `traceId` in a traced span. */
export function correlationFields(): { requestId?: string; traceId?: string } {
  const requestId = storage.getStore()?.requestId;
  const traceId = currentTraceId();
  return { ...(requestId ? { requestId } : {}), ...(traceId ? { traceId } : {}) };
}
