import { ApplicationFailure } from '@temporalio/common';
import { AppError, type ErrorCode } from '../domain/app-error';

/** The failure type of an activity's AppError carried to the caller (activities/app-error-failure.ts). */
export const APP_ERROR_FAILURE = 'AppError';

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

/** The AppError an activity refused with, rebuilt for the API to answer as it would have itself. */
export function carriedAppError(error: Error): AppError | undefined {
  const cause = deepestCause(error);
  if (!(cause instanceof ApplicationFailure) || cause.type !== APP_ERROR_FAILURE) return undefined;
  const [carried] = cause.details as [{ code: ErrorCode; extra: AppError['extra'] }];
  return new AppError(carried.code, cause.message, carried.extra);
}
