import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { MessagingActivities } from '../activities/messaging.activities';
import type { VoiceActivities } from '../activities/voice.activities';
import { bounded, providerSend } from './retry-policies';
import type { VoiceMessageInput } from './voice-message.contract';
import { sendProgressQuery, type SendProgress, type SendState } from './send-progress';

const voice = proxyActivities<VoiceActivities>({ startToCloseTimeout: '90 seconds', retry: bounded(20) });
const preview = proxyActivities<VoiceActivities>({ startToCloseTimeout: '60 seconds', retry: bounded(3) });
/** A voice note is small: an upload that takes longer was lost (say, with its worker) and is retried. */
const media = proxyActivities<VoiceActivities>({ startToCloseTimeout: '30 seconds', retry: bounded(20) });
const { sendMessage } = proxyActivities<MessagingActivities>({ startToCloseTimeout: '25 seconds', retry: providerSend });

const POLL_MS = 5_000;

/**
 * A personalised voice note: generate (or reuse) the audio, hand it to the agency's channel, send
 * it once, wait for delivery, and write the outcome on the lead's timeline.
 */
export async function voiceMessageWorkflow(input: VoiceMessageInput): Promise<{ outcome: string; messageId?: string }> {
  const { tenantId, leadId, purpose } = input;
  let progress: SendProgress = { state: 'preparing' };
  setHandler(sendProgressQuery, () => progress);
  let prepared: { audioKey: string; mediaId: string };
  try {
    prepared = await prepareVoiceNote(input);
  } catch (error) {
    // A bad ElevenLabs key, a spent quota or a missing channel: said on the timeline, not left as a failed run.
    if (!(error instanceof ActivityFailure)) throw error;
    const reason = error.cause?.message ?? error.message;
    progress = { state: 'failed', reason, code: preparationFailureCode(error) };
    await voice.recordVoiceOutcome({ tenantId, leadId, purpose, outcome: 'failed', reason, code: progress.code });
    return { outcome: 'failed' };
  }
  const { audioKey, mediaId } = prepared;
  const sent = await sendMessage({ tenantId, leadId, campaignId: input.campaignId, to: input.to, channel: input.channel, content: { kind: 'media', mediaKind: 'audio', mediaId }, idempotencyKey: `voice:${input.requestId}` });
  if (sent.status === 'FAILED') {
    progress = { state: 'failed', reason: sent.error?.message, code: sent.error?.code };
    await voice.recordVoiceOutcome({ tenantId, leadId, purpose, outcome: 'failed', messageId: sent.messageId, reason: sent.error?.message, code: sent.error?.code, audioKey });
    return { outcome: 'failed', messageId: sent.messageId };
  }
  progress = { state: 'sent' };
  const deadline = Date.now() + (input.confirmWithinMs ?? 10 * 60_000);
  let outcome: SendState = 'unconfirmed';
  let reason: string | undefined;
  let code: string | undefined;
  while (Date.now() < deadline) {
    const { status, errorMessage, errorCode } = await voice.messageStatusOf({ tenantId, messageId: sent.messageId });
    if (status === 'DELIVERED' || status === 'READ' || status === 'FAILED') {
      outcome = status === 'FAILED' ? 'failed' : status === 'READ' ? 'read' : 'delivered';
      reason = errorMessage ?? undefined;
      code = errorCode ?? undefined;
      break;
    }
    await sleep(POLL_MS);
  }
  progress = { state: outcome, reason, code };
  await voice.recordVoiceOutcome({ tenantId, leadId, purpose, outcome, messageId: sent.messageId, reason, code, audioKey });
  return { outcome, messageId: sent.messageId };
}

/** ElevenLabs refusing to generate is one failure for people; a channel's refusal keeps its code. */
function preparationFailureCode({ cause }: ActivityFailure): string | undefined {
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const [details] = cause.details as [{ provider?: string; category?: string; code?: string }?];
  if (details?.provider === 'elevenlabs') return 'voice_generation';
  return details?.code ?? details?.category;
}

async function prepareVoiceNote({ tenantId, text, channel }: VoiceMessageInput): Promise<{ audioKey: string; mediaId: string }> {
  const { audioKey } = await voice.synthesizeSpeech({ tenantId, text });
  const { mediaId } = await media.uploadVoiceMedia({ tenantId, audioKey, channel });
  return { audioKey, mediaId };
}

/** A campaign's voice note for one lead, generated (or reused) to be heard before launch; nothing is sent. */
export async function voicePreviewWorkflow(input: { tenantId: string; text: string }): Promise<{ audioKey: string }> {
  const { audioKey } = await preview.synthesizeSpeech(input);
  return { audioKey };
}
