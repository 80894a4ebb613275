import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, SimpleSpanProcessor, TraceIdRatioBasedSampler, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../domain/config';
import { setSpansOn } from './spans';

/**
 * OpenTelemetry traces, set up in one place for every process. Off unless OTEL_EXPORTER_OTLP_ENDPOINT
 * is set, and free while off: no provider or exporter, no tracing code in the workflow bundle, no
 * interceptors, and spans.ts calls straight through (only the entry points import this module).
 * When on: the API opens a server span per request (api/http/request-id.ts), the Temporal client
 * puts the trace into the headers of workflow starts, signals and updates, the workflow
 * interceptors (bundled with the workflows, see temporal/worker.ts) and the activity interceptor
 * continue it, and each provider call adds a client span: one trace per request, across processes.
 */

export type TracedProcess = 'api' | 'worker';

export interface Tracing {
  readonly serviceName: string;
  /** Whether workflows open spans of their own, or only carry the trace on to their activities (temporal/worker.ts). */
  readonly workflowSpans: boolean;
  /** For every Temporal client of the process: starts, signals, updates and queries carry the trace. */
  readonly clientInterceptors: ClientInterceptors;
  /** Activity interceptor factories: an activity's span continues the workflow's. */
  readonly activityInterceptors: ActivityInterceptorsFactory[];
  /** The `exporter` sink the workflow interceptors export their spans through (workflows do no I/O). */
  readonly workflowSinks: NonNullable<WorkerOptions['sinks']>;
  /** Exports what is pending and unregisters the global provider. */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** The OTLP/HTTP traces URL of a collector's base URL, as the OTLP exporter specification derives it. */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/$/, '')}/v1/traces`;
}

/**
 * Turns tracing on for this process when the configuration names a collector (or a test hands an
 * exporter), else does nothing and returns undefined. Spans leave in batches over OTLP/HTTP; a
 * test's exporter gets each span as it ends.
 */
export function startTracing(settings: AppConfig['tracing'], role: TracedProcess, testExporter?: SpanExporter): Tracing | undefined {
  if (!settings.otlpEndpoint && !testExporter) return undefined;
  if (active) throw new Error('tracing is already on in this process');
  const serviceName = settings.serviceName ?? `astor-${role}`;
  const resource = new Resource({ 'service.name': serviceName });
  const processor: SpanProcessor = testExporter ? new SimpleSpanProcessor(testExporter) : new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(settings.otlpEndpoint!) }));
  const sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio ?? 1) });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor], sampler });
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable(), propagator: new W3CTraceContextPropagator() });
  setSpansOn(true);
  const tracing: Tracing = {
    serviceName,
    workflowSpans: settings.workflowSpans ?? false,
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    activityInterceptors: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    workflowSinks: { exporter: makeWorkflowExporter(processor, resource) },
    async shutdown() {
      setSpansOn(false);
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      active = undefined;
    },
  };
  active = tracing;
  return tracing;
}
