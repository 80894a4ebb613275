import type { WorkflowUpdateFailedError } from '@temporalio/client';

/** The reason a workflow gave for refusing an update (its validator's or handler's error message). */
export function refusalReason(error: WorkflowUpdateFailedError): string {
  let cause: unknown = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error ? cause.message : error.message;
}
