import { Context } from '@temporalio/activity';

/**
 * The API starts some workflows just before its transaction commits (so a failed start undoes the
 * change): a row the workflow looks for may not be visible yet. While this holds, the activity should
 * throw a retryable failure; afterwards the row is taken as never committed.
 */
export function mayStillCommit(attemptsBeforeGivingUp = 8): boolean {
  return Context.current().info.attempt < attemptsBeforeGivingUp;
}
