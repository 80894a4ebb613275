import type { AppConfig } from '../domain/config';
import type { TracedProcess, Tracing } from './tracing';

/** An entry point's tracing: OpenTelemetry's SDK is loaded only when an endpoint is configured, so a process that does not trace does not carry it. */
export async function configuredTracing(settings: AppConfig['tracing'], role: TracedProcess): Promise<Tracing | undefined> {
  if (!settings.otlpEndpoint) return undefined;
  const { startTracing } = await import('./tracing.js');
  return startTracing(settings, role);
}
