import { asyncLocalStorage } from '@temporalio/activity';

/**
 * Whether the server will not retry this attempt if it fails (its retry policy's maximumAttempts is
 * reached): the activity's last chance to record a failure where people look, rather than leave it in
 * Temporal's history only. False outside an activity (tests call activities as plain functions).
 */
export function isFinalAttempt(): boolean {
  const info = asyncLocalStorage.getStore()?.info;
  const maximumAttempts = info?.retryPolicy?.maximumAttempts;
  return Boolean(info && maximumAttempts && info.attempt >= maximumAttempts);
}
