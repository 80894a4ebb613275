import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/**
 * The spans Astor opens itself (the API's server span, provider calls), on the OpenTelemetry API
 * alone: the SDK is loaded only when tracing.ts turns tracing on, and while it is off these
 * helpers do nothing but call through.
 */

let on = false;

/** Called by tracing.ts only. */
export function setSpansOn(value: boolean): void {
  on = value;
}

const tracer = () => trace.getTracer('astor');

/**
 * Runs `fn` inside a new span of `kind` that ends when it settles, marked as an error if it
 * throws; runs `fn` alone (with no span) when tracing is off. Attributes must be bounded and carry
 * no personal data or credentials: no URLs with tokens, no phone numbers.
 */
export async function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!on) return fn(undefined);
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

export interface ServerSpan {
  /** Runs the rest of the request inside the span's context, so the spans it starts are its children. */
  run<T>(fn: () => T): T;
  /** Names the span after the route pattern that answered (bounded, no ids) and ends it; 5xx marks an error. */
  end(route: string, statusCode: number): void;
}

/** Starts the server span of an HTTP request, as the child of a `traceparent` the caller sent; undefined when tracing is off. */
export function startServerSpan(method: string, headers: Record<string, string | string[] | undefined>, requestId: string): ServerSpan | undefined {
  if (!on) return undefined;
  const parent = propagation.extract(context.active(), headers);
  const span = tracer().startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'astor.request_id': requestId } }, parent);
  const spanContext = trace.setSpan(parent, span);
  return {
    run: (fn) => context.with(spanContext, fn),
    end(route, statusCode) {
      span.updateName(`${method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': statusCode });
      if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}

export { SpanKind };
