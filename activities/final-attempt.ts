import { asyncLocalStorage } from '@temporalio/activity';

/**
 * Whether the server will not retry this attempt if it fails (its retry policy's maximumAttempts is
 * reached): the activity's last chance to record a failure where people look, rather than leave it in
 * Temporal's history only. False outside an activity (tests call activities as plain functions), and
 * for a local activity: its workflow decides what follows a failure (a conversation hands a failed
 * automatic reply to the retrying activity).
 */
export function isFinalAttempt(): boolean {
  const info = asyncLocalStorage.getStore()?.info;
  const maximumAttempts = info?.retryPolicy?.maximumAttempts;
  return Boolean(info && !info.isLocal && maximumAttempts && info.attempt >= maximumAttempts);
}
