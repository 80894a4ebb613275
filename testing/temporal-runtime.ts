import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Workers in a test or bench process log at WARN, so their state changes stay out of the output; once per process, whoever asks first. */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already in this process.
  }
}
