import { proxyActivities } from '@temporalio/workflow';
import type { MessagingActivities } from '../activities/messaging.activities';

const { sendThroughFallback } = proxyActivities<MessagingActivities>({
  startToCloseTimeout: '25 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '60 seconds', maximumAttempts: 30 },
});

/**
 * A message the Business API accepted and later reported failed goes out again through the
 * agency's WhatsApp Web session (when it enabled the fallback), as a new message marked as such.
 */
export async function messageFallbackWorkflow(input: { tenantId: string; messageId: string }): Promise<{ outcome: string }> {
  const result = await sendThroughFallback(input);
  return { outcome: result ? result.status : 'not_applicable' };
}
