import { randomBytes } from 'node:crypto';
import { signWebhookBody } from './webhook-signature';

export interface FakeNumber {
  phoneNumberId: string;
  accessToken: string;
  displayPhoneNumber: string;
  appSecret: string;
  wabaId?: string;
  webhookUrl?: string;
}

export const newWamid = () => `wamid.${randomBytes(18).toString('base64url')}`;
const epoch = (date = new Date()) => String(Math.floor(date.getTime() / 1000));

function envelope(number: FakeNumber, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: number.wabaId ?? `waba-${number.phoneNumberId}`, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId }, ...value } }] }],
  };
}

export function statusBody(number: FakeNumber, status: { id: string; status: string; recipient: string; callbackData?: string; error?: { code: number; title: string; message?: string } }) {
  return envelope(number, {
    statuses: [
      {
        id: status.id,
        status: status.status,
        timestamp: epoch(),
        recipient_id: status.recipient,
        ...(status.callbackData ? { biz_opaque_callback_data: status.callbackData } : {}),
        ...(status.error ? { errors: [{ ...status.error, error_data: { details: status.error.message ?? status.error.title } }] } : {}),
      },
    ],
  });
}

export interface InboundSpec {
  from: string;
  name?: string;
  id?: string;
  text?: string;
  /** Any other Meta message content, e.g. `{ type: 'button', button: { payload, text } }`. */
  message?: Record<string, unknown>;
  /** When the contact wrote it (default now). */
  sentAt?: Date;
}

export function inboundBody(number: FakeNumber, spec: InboundSpec & { id: string }) {
  const message = spec.message ?? { type: 'text', text: { body: spec.text ?? '' } };
  return envelope(number, {
    contacts: [{ profile: { name: spec.name ?? 'Contacto' }, wa_id: spec.from }],
    messages: [{ from: spec.from, id: spec.id, timestamp: epoch(spec.sentAt), ...message }],
  });
}

/** POSTs a body to a webhook URL signed as Meta signs it; `signature: null` sends none. */
export async function postSigned(url: string, body: unknown, appSecret: string, signature?: string | null): Promise<number> {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const header = signature === undefined ? signWebhookBody(raw, appSecret) : signature;
  if (header !== null) headers['X-Hub-Signature-256'] = header;
  const response = await fetch(url, { method: 'POST', headers, body: raw });
  await response.arrayBuffer();
  return response.status;
}
