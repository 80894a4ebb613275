import { workflowInfo, type WorkflowInterceptors } from '@temporalio/workflow';
import { interceptors as openTelemetryInterceptors } from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';

/**
 * The OpenTelemetry workflow interceptors of @temporalio/interceptors-opentelemetry, bundled into
 * the workflow code when the worker traces (temporal/worker.ts), with trace and span ids that do
 * not draw on the workflow's random numbers. Upstream's tracer takes its ids from Math.random,
 * which inside a workflow is the seeded generator behind uuid4(): with tracing on, a property
 * alert named its campaign child differently, so turning tracing on or off (or a traced query,
 * which replay does not repeat) broke the replay of running workflows. workflows/replay.test.ts
 * replays every recorded history on the traced bundle to keep it so.
 */

let issued = 0;

/** FNV-1a of `text` from `seed`, with murmur3's finalizer so nearby inputs spread over all 32 bits. */
function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** An id unique to this run, this moment of workflow time and this worker's count (never all zeros, which W3C forbids). */
function newId(bytes: 8 | 16): string {
  issued += 1;
  const source = `${workflowInfo().runId}:${Date.now()}:${issued}`;
  let hex = '';
  for (let word = 0; word < bytes / 4; word += 1) hex += hash32(source, Math.imul(word + 1, 0x9e3779b9)).toString(16).padStart(8, '0');
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

const idGenerator = { generateTraceId: () => newId(16), generateSpanId: () => newId(8) };

export const interceptors = (): WorkflowInterceptors => {
  const made = openTelemetryInterceptors();
  // Upstream's interceptors share one tracer (a field of each); its id generator is set at
  // construction only, so it is replaced here, before the first span. The SDK versions are pinned.
  for (const interceptor of [...(made.inbound ?? []), ...(made.outbound ?? [])]) {
    const tracer = (interceptor as { tracer?: { _idGenerator?: unknown } }).tracer;
    if (!tracer || !('_idGenerator' in tracer)) throw new Error('@temporalio/interceptors-opentelemetry changed: its workflow tracer has no id generator to replace');
    tracer._idGenerator = idGenerator;
  }
  return made;
};
