import { isGrpcCancelledError, isGrpcDeadlineError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { AppError } from '../domain/app-error';

/** What a client is told to wait before trying again once Temporal did not answer in time. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/**
 * For the few requests meant to wait on a whole workflow run (a preview, a sync): the run's own
 * execution timeout bounds them, plus a margin so the run's timeout, not the call's, is what answers.
 */
export function waitForRun<T>(temporal: Client, executionTimeoutMs: number, run: () => Promise<T>): Promise<T> {
  return temporal.withDeadline(Date.now() + executionTimeoutMs + RUN_TIMEOUT_MARGIN_MS, run);
}

const RUN_TIMEOUT_MARGIN_MS = 5_000;

/** A Temporal call that ran out of its deadline: the workflow may still act, the request cannot wait for it. */
export function fromTemporalTimeout(error: unknown): AppError | undefined {
  if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) && !isGrpcDeadlineError(error) && !isGrpcCancelledError(error)) return undefined;
  return new AppError('unavailable', 'The workflow engine did not answer in time; try again shortly', {
    es: 'El motor de flujos de trabajo no respondió a tiempo; probá de nuevo en unos segundos',
    retryAfterSeconds: TEMPORAL_RETRY_AFTER_SECONDS,
  });
}
