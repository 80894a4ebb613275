import { ApplicationFailure } from '@temporalio/common';

function deepestCause(error: Error): Error {
  let cause = error;
  while (cause.cause instanceof Error) cause = cause.cause;
  return cause;
}

/** The reason a workflow gave for refusing an update or failing (its own error message, not Temporal's wrapper). */
export function refusalReason(error: Error): string {
  return deepestCause(error).message;
}

/** The type a workflow gave its refusal (ApplicationFailure.type), when it named one. */
export function refusalType(error: Error): string | undefined {
  const cause = deepestCause(error);
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}
