import { z } from 'zod';

const timestamp = z.union([z.string(), z.number()]).transform((value) => new Date(Number(value) * 1000));
const media = z.looseObject({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional(), voice: z.boolean().optional() });
const reply = z.looseObject({ id: z.string(), title: z.string() });

const message = z.looseObject({
  from: z.string().regex(/^\d{6,17}$/),
  id: z.string().min(1),
  timestamp,
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
  interactive: z.looseObject({ type: z.string(), button_reply: reply.optional(), list_reply: reply.optional() }).optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
});

const status = z.looseObject({
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp,
  recipient_id: z.string(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number(), title: z.string(), message: z.string().optional(), error_data: z.looseObject({ details: z.string().optional() }).optional() })).optional(),
});

const messagesValue = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({ display_phone_number: z.string(), phone_number_id: z.string().min(1) }),
  contacts: z.array(z.looseObject({ wa_id: z.string(), profile: z.looseObject({ name: z.string() }).optional() })).optional(),
  messages: z.array(message).optional(),
  statuses: z.array(status).optional(),
});

const leadgenValue = z.looseObject({ leadgen_id: z.string(), form_id: z.string(), page_id: z.string(), ad_id: z.string().optional(), created_time: z.number() });

const change = z.discriminatedUnion('field', [
  z.looseObject({ field: z.literal('messages'), value: messagesValue }),
  z.looseObject({ field: z.literal('leadgen'), value: leadgenValue }),
]);

const delivery = z.looseObject({
  object: z.enum(['whatsapp_business_account', 'page']),
  entry: z.array(z.looseObject({ id: z.string(), changes: z.array(z.unknown()) })),
});

type Message = z.output<typeof message>;
type Status = z.output<typeof status>;

export type WebhookMessageType = 'text' | 'image' | 'audio' | 'video' | 'document' | 'button' | 'interactive' | 'location' | 'unsupported';

export type WebhookEvent =
  | {
      kind: 'message';
      phoneNumberId: string;
      displayPhoneNumber: string;
      from: string;
      contactName?: string;
      providerMessageId: string;
      timestamp: Date;
      type: WebhookMessageType;
      text?: string;
      media?: { id: string; mimeType?: string; caption?: string; filename?: string; voice?: boolean };
      reply?: { id?: string; title: string };
      location?: { latitude: number; longitude: number; name?: string; address?: string };
    }
  | {
      kind: 'status';
      phoneNumberId: string;
      providerMessageId: string;
      status: 'sent' | 'delivered' | 'read' | 'failed';
      timestamp: Date;
      recipientId: string;
      callbackData?: string;
      error?: { code: number; title: string; message?: string; details?: string };
    }
  | { kind: 'leadgen'; leadgenId: string; formId: string; pageId: string; adId?: string; createdTime: Date };

const MEDIA_TYPES = ['image', 'audio', 'video', 'document'] as const;

function content(m: Message): Pick<Extract<WebhookEvent, { kind: 'message' }>, 'type' | 'text' | 'media' | 'reply' | 'location'> {
  if (m.type === 'text' && m.text) return { type: 'text', text: m.text.body };
  for (const kind of MEDIA_TYPES) {
    const item = m.type === kind ? m[kind] : undefined;
    if (item) return { type: kind, ...(item.caption ? { text: item.caption } : {}), media: { id: item.id, mimeType: item.mime_type, caption: item.caption, filename: item.filename, voice: item.voice } };
  }
  if (m.type === 'button' && m.button) return { type: 'button', text: m.button.text, reply: { id: m.button.payload, title: m.button.text } };
  const chosen = m.interactive?.button_reply ?? m.interactive?.list_reply;
  if (m.type === 'interactive' && chosen) return { type: 'interactive', text: chosen.title, reply: { id: chosen.id, title: chosen.title } };
  if (m.type === 'location' && m.location) return { type: 'location', location: m.location };
  return { type: 'unsupported' };
}

function statusEvent(phoneNumberId: string, s: Status): WebhookEvent {
  const error = s.errors?.[0];
  return {
    kind: 'status',
    phoneNumberId,
    providerMessageId: s.id,
    status: s.status,
    timestamp: s.timestamp,
    recipientId: s.recipient_id,
    ...(s.biz_opaque_callback_data ? { callbackData: s.biz_opaque_callback_data } : {}),
    ...(error ? { error: { code: error.code, title: error.title, message: error.message, details: error.error_data?.details } } : {}),
  };
}

/**
 * Flattens one webhook delivery (which may batch messages and statuses of several numbers) into
 * events. Changes of fields Astor does not use are skipped; a malformed body throws a ZodError.
 */
export function parseWebhookDelivery(body: unknown): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  for (const entry of delivery.parse(body).entry) {
    for (const raw of entry.changes) {
      if (!raw || typeof raw !== 'object' || !['messages', 'leadgen'].includes((raw as { field?: string }).field ?? '')) continue;
      const parsed = change.parse(raw);
      if (parsed.field === 'leadgen') {
        const v = parsed.value;
        events.push({ kind: 'leadgen', leadgenId: v.leadgen_id, formId: v.form_id, pageId: v.page_id, adId: v.ad_id, createdTime: new Date(v.created_time * 1000) });
        continue;
      }
      const { metadata, contacts, messages, statuses } = parsed.value;
      for (const m of messages ?? []) {
        const contactName = contacts?.find((contact) => contact.wa_id === m.from)?.profile?.name;
        events.push({ kind: 'message', phoneNumberId: metadata.phone_number_id, displayPhoneNumber: metadata.display_phone_number, from: m.from, ...(contactName ? { contactName } : {}), providerMessageId: m.id, timestamp: m.timestamp, ...content(m) });
      }
      for (const s of statuses ?? []) events.push(statusEvent(metadata.phone_number_id, s));
    }
  }
  return events;
}
