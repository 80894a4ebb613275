import { randomUUID } from 'node:crypto';
import { DEFAULT_SIGNATURE_HEADER, signReplyPayload } from './api-channel';

/**
 * UChat's side of the API chat channel, for tests of Astor's channel endpoint. The verification
 * parameters are sent as a JSON body (whether UChat sends JSON or a form is unconfirmed).
 */
export async function verifyChannelWebhook(url: string, verifyToken: string): Promise<{ status: number; verified: boolean }> {
  const challenge = randomUUID();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ hub_mode: 'subscribe', hub_verify_token: verifyToken, hub_challenge: challenge }),
  });
  return { status: response.status, verified: response.ok && (await response.text()).trim() === challenge };
}

/** A bot or agent reply delivered to the channel's webhook, signed with the channel's secret. */
export async function deliverChannelReply(url: string, payload: unknown, signing: { secret: string; signatureHeader?: string }): Promise<{ status: number }> {
  const raw = JSON.stringify(payload);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [signing.signatureHeader ?? DEFAULT_SIGNATURE_HEADER]: signReplyPayload(raw, signing.secret) },
    body: raw,
  });
  await response.arrayBuffer();
  return { status: response.status };
}
