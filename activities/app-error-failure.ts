import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { AppError } from '../domain/app-error';
import { APP_ERROR_FAILURE } from '../temporal/workflow-refusal';

/**
 * Runs an activity's work; an AppError it throws fails the activity for good, carrying the problem (code, detail,
 * fields) to the caller. It is the caller's problem, not the worker's: benign, so logged at debug level only.
 */
export async function carryingAppErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw ApplicationFailure.create({ message: error.detail, type: APP_ERROR_FAILURE, nonRetryable: true, category: ApplicationFailureCategory.BENIGN, details: [{ code: error.code, extra: error.extra }] });
  }
}
