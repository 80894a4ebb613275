import { proxyActivities } from '@temporalio/workflow';
import type { MessagingActivities } from '../activities/messaging.activities';
import { providerSend } from './retry-policies';

const { sendThroughFallback } = proxyActivities<MessagingActivities>({
  startToCloseTimeout: '25 seconds',
  retry: providerSend,
});

/**
 * A message the Business API accepted and later reported failed goes out again through the
 * agency's WhatsApp Web session (when it enabled the fallback), as a new message marked as such.
 */
export async function messageFallbackWorkflow(input: { tenantId: string; messageId: string }): Promise<{ outcome: string }> {
  const result = await sendThroughFallback(input);
  return { outcome: result ? result.status : 'not_applicable' };
}
