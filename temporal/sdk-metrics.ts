import { Runtime } from '@temporalio/worker';

/**
 * The Temporal SDK's own worker series (task slots, schedule-to-start latency, sticky cache,
 * polls), served by the SDK's core on a port of its own: it has no authentication, so it binds
 * to the metrics host only. Durations in seconds, as Astor's own histograms are. The runtime is
 * process-wide and installed once, before the first NativeConnection.
 */
export function installSdkMetrics(host: string, port: number): string {
  const bindAddress = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress, useSecondsForDurations: true } } } });
  return bindAddress;
}
