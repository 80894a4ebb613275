import { z } from 'zod';
import type { AdReferral, SharedContact } from '../../domain/messaging';
import { messagingTierOf } from '../../domain/messaging-limit';

/** Meta sends Unix seconds, as a string in WhatsApp deliveries and as a number in lead ads. */
const epochSeconds = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]);
const toDate = (seconds: string | number) => new Date(Number(seconds) * 1000);

const media = z.looseObject({ id: z.string().min(1), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional(), voice: z.boolean().optional() });
const reply = z.looseObject({ id: z.string(), title: z.string() });
const sticker = z.looseObject({ id: z.string().min(1), mime_type: z.string().optional(), animated: z.boolean().optional() });
/** Meta leaves the emoji out, or empty, when the contact removes a reaction. */
const reaction = z.looseObject({ message_id: z.string().min(1), emoji: z.string().optional() });
const sharedContact = z.looseObject({
  name: z.looseObject({ formatted_name: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }),
  phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() })).optional(),
  emails: z.array(z.looseObject({ email: z.string().optional() })).optional(),
  org: z.looseObject({ company: z.string().optional() }).optional(),
});
/** Forwarded messages carry a context with `forwarded: true` and no id. */
const context = z.looseObject({ id: z.string().min(1).optional(), from: z.string().optional() });
const referral = z.looseObject({
  source_url: z.string().optional(),
  source_id: z.string().optional(),
  source_type: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  media_type: z.string().optional(),
  ctwa_clid: z.string().optional(),
});

/** Message types whose content Astor reads; each must carry the object named like it. */
const READ_TYPES = ['text', 'image', 'audio', 'video', 'document', 'sticker', 'button', 'interactive', 'location', 'contacts', 'reaction'] as const;
type ReadType = (typeof READ_TYPES)[number];
const isReadType = (type: string): type is ReadType => (READ_TYPES as readonly string[]).includes(type);

const message = z
  .looseObject({
    from: z.string().regex(/^\d{6,17}$/),
    id: z.string().min(1),
    timestamp: epochSeconds,
    type: z.string().min(1),
    text: z.looseObject({ body: z.string() }).optional(),
    image: media.optional(),
    audio: media.optional(),
    video: media.optional(),
    document: media.optional(),
    sticker: sticker.optional(),
    button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
    interactive: z.looseObject({ type: z.string(), button_reply: reply.optional(), list_reply: reply.optional() }).optional(),
    location: z.looseObject({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
    contacts: z.array(sharedContact).optional(),
    reaction: reaction.optional(),
    context: context.optional(),
    referral: referral.optional(),
  })
  .superRefine((m, ctx) => {
    if (isReadType(m.type) && m[m.type] === undefined) ctx.addIssue({ code: 'custom', path: [m.type], message: `A ${m.type} message carries a ${m.type} object` });
    const kind = m.interactive?.type;
    if ((kind === 'button_reply' || kind === 'list_reply') && !m.interactive?.[kind]) ctx.addIssue({ code: 'custom', path: ['interactive', kind], message: `An interactive ${kind} carries its ${kind}` });
  });

const statusError = z.looseObject({ code: z.number().int(), title: z.string(), message: z.string().optional(), error_data: z.looseObject({ details: z.string().optional() }).optional() });

const status = z.looseObject({
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp: epochSeconds,
  recipient_id: z.string().min(1),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(statusError).optional(),
  /** On sent and delivered statuses: whether Meta charges the message, and at which category (marketing, utility, service…). */
  /** Read leniently: a pricing quirk must never make Meta's delivery refused. */
  pricing: z.looseObject({ billable: z.boolean().optional(), category: z.string().optional() }).optional(),
});

const messagesChange = z.looseObject({
  field: z.literal('messages'),
  value: z.looseObject({
    messaging_product: z.literal('whatsapp'),
    metadata: z.looseObject({ display_phone_number: z.string(), phone_number_id: z.string().min(1) }),
    contacts: z.array(z.looseObject({ wa_id: z.string(), profile: z.looseObject({ name: z.string() }).optional() })).optional(),
    messages: z.array(message).optional(),
    statuses: z.array(status).optional(),
  }),
});

const leadgenChange = z.looseObject({
  field: z.literal('leadgen'),
  value: z.looseObject({ leadgen_id: z.string().min(1), form_id: z.string().min(1), page_id: z.string().min(1), ad_id: z.string().optional(), created_time: epochSeconds }),
});

/** A template's review outcome or later pause/disable; `entry.id` is the business account. */
const templateStatusChange = z.looseObject({
  field: z.literal('message_template_status_update'),
  value: z.looseObject({
    event: z.string().min(1),
    message_template_id: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
    message_template_name: z.string().min(1),
    message_template_language: z.string().min(1),
    reason: z.string().nullable().optional(),
  }),
});

/** The business portfolio's messaging limit or the number's throughput changed, or the number was flagged; `entry.id` is the business account. */
const qualityUpdateChange = z.looseObject({
  field: z.literal('phone_number_quality_update'),
  value: z.looseObject({
    display_phone_number: z.string(),
    event: z.string().min(1),
    max_daily_conversations_per_business: z.union([z.string(), z.number()]).nullable().optional(),
    current_limit: z.string().nullable().optional(),
    old_limit: z.string().nullable().optional(),
  }),
});

const HANDLED_FIELDS: readonly string[] = ['messages', 'leadgen', 'message_template_status_update', 'phone_number_quality_update'];
/** Other subscribed fields (account updates, template quality...) are valid and skipped. */
const ignoredChange = z.looseObject({ field: z.string().refine((field) => !HANDLED_FIELDS.includes(field)) }).transform(() => ({ field: 'ignored' as const }));

const delivery = z.looseObject({
  object: z.enum(['whatsapp_business_account', 'page']),
  entry: z.array(z.looseObject({ id: z.string(), time: epochSeconds.optional(), changes: z.array(z.union([messagesChange, leadgenChange, templateStatusChange, qualityUpdateChange, ignoredChange])) })),
});

type Message = z.output<typeof message>;
type MetaSharedContact = z.output<typeof sharedContact>;
type MetaReferral = z.output<typeof referral>;
type Status = z.output<typeof status>;

export type WebhookMessageType = ReadType | 'unsupported';

export interface WebhookMessageEvent {
  kind: 'message';
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** The contact's WhatsApp id: E.164 digits without the plus sign. */
  from: string;
  contactName?: string;
  providerMessageId: string;
  timestamp: Date;
  type: WebhookMessageType;
  /** The text, a media caption, or the title of a chosen button or list row. */
  text?: string;
  media?: { id: string; mimeType?: string; caption?: string; filename?: string; voice?: boolean; animated?: boolean };
  reply?: { id?: string; title: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /** The reacted-to message and the emoji; an empty emoji removes the contact's reaction. */
  reaction?: { messageId: string; emoji: string };
  contacts?: SharedContact[];
  /** The message quoted, or the business message whose button was pressed (Meta's `context.id`). */
  context?: { messageId: string };
  /** The click-to-WhatsApp ad or post the contact came from. */
  referral?: AdReferral;
  /** The message object exactly as Meta sent it. */
  raw: Record<string, unknown>;
}

export interface WebhookStatusEvent {
  kind: 'status';
  phoneNumberId: string;
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp: Date;
  recipientId: string;
  /** `biz_opaque_callback_data` given at send time. */
  callbackData?: string;
  error?: { code: number; title: string; message?: string; details?: string };
  pricing?: { billable: boolean; category: string };
}

export interface WebhookLeadgenEvent {
  kind: 'leadgen';
  leadgenId: string;
  formId: string;
  pageId: string;
  adId?: string;
  createdTime: Date;
}

export interface WebhookTemplateStatusEvent {
  kind: 'template_status';
  businessAccountId: string;
  templateId: string;
  name: string;
  language: string;
  /** APPROVED, REJECTED, PENDING, PAUSED, DISABLED, REINSTATED, FLAGGED, PENDING_DELETION... */
  event: string;
  reason?: string;
}

export interface WebhookQualityUpdateEvent {
  kind: 'quality_update';
  businessAccountId: string;
  displayPhoneNumber: string;
  /** ONBOARDING, UPGRADE, DOWNGRADE, FLAGGED, UNFLAGGED, THROUGHPUT_UPGRADE... */
  event: string;
  /** The portfolio's messaging limit after the event (TIER_2K...), when the delivery names it. */
  tier?: string;
  /** When Meta triggered it (`entry.time`). */
  at?: Date;
}

export type WebhookEvent = WebhookMessageEvent | WebhookStatusEvent | WebhookLeadgenEvent | WebhookTemplateStatusEvent | WebhookQualityUpdateEvent;

type MessageContent = Pick<WebhookMessageEvent, 'type' | 'text' | 'media' | 'reply' | 'location' | 'reaction' | 'contacts'>;

function contentOf(m: Message): MessageContent {
  switch (m.type) {
    case 'text':
      return { type: 'text', text: m.text!.body };
    case 'image':
    case 'audio':
    case 'video':
    case 'document': {
      const item = m[m.type]!;
      const mediaEvent = { id: item.id, mimeType: item.mime_type, caption: item.caption, filename: item.filename, voice: item.voice };
      return { type: m.type, ...(item.caption ? { text: item.caption } : {}), media: withoutUndefined(mediaEvent) };
    }
    case 'sticker': {
      const { id, mime_type, animated } = m.sticker!;
      return { type: 'sticker', media: withoutUndefined({ id, mimeType: mime_type ?? 'image/webp', animated }) };
    }
    case 'button':
      return { type: 'button', text: m.button!.text, reply: withoutUndefined({ id: m.button!.payload, title: m.button!.text }) };
    case 'interactive': {
      const kind = m.interactive!.type;
      const chosen = kind === 'button_reply' || kind === 'list_reply' ? m.interactive![kind] : undefined;
      return chosen ? { type: 'interactive', text: chosen.title, reply: { id: chosen.id, title: chosen.title } } : { type: 'unsupported' };
    }
    case 'location': {
      const { latitude, longitude, name, address } = m.location!;
      return { type: 'location', location: withoutUndefined({ latitude, longitude, name, address }) };
    }
    case 'contacts':
      return { type: 'contacts', contacts: m.contacts!.map(sharedContactOf) };
    case 'reaction':
      return { type: 'reaction', reaction: { messageId: m.reaction!.message_id, emoji: m.reaction!.emoji ?? '' } };
    default:
      return { type: 'unsupported' };
  }
}

function sharedContactOf(card: MetaSharedContact): SharedContact {
  const { formatted_name, first_name, last_name } = card.name;
  const emails = (card.emails ?? []).flatMap(({ email }) => (email ? [email] : []));
  return withoutUndefined({
    name: formatted_name || [first_name, last_name].filter(Boolean).join(' '),
    phones: (card.phones ?? []).flatMap(({ phone, wa_id, type }) => {
      // Some cards carry only the WhatsApp id, which is the number's E.164 digits.
      const number = phone || (wa_id && `+${wa_id}`);
      return number ? [withoutUndefined({ phone: number, waId: wa_id, type })] : [];
    }),
    emails: emails.length ? emails : undefined,
    organization: card.org?.company || undefined,
  });
}

function referralOf(r: MetaReferral): AdReferral {
  return withoutUndefined({ sourceId: r.source_id, sourceType: r.source_type, sourceUrl: r.source_url, headline: r.headline, body: r.body, mediaType: r.media_type, ctwaClid: r.ctwa_clid });
}

function statusEvent(phoneNumberId: string, s: Status): WebhookStatusEvent {
  const error = s.errors?.[0];
  return {
    kind: 'status',
    phoneNumberId,
    providerMessageId: s.id,
    status: s.status,
    timestamp: toDate(s.timestamp),
    recipientId: s.recipient_id,
    ...(s.biz_opaque_callback_data ? { callbackData: s.biz_opaque_callback_data } : {}),
    ...(s.pricing?.billable !== undefined && s.pricing.category ? { pricing: { billable: s.pricing.billable, category: s.pricing.category } } : {}),
    ...(error ? { error: withoutUndefined({ code: error.code, title: error.title, message: error.message, details: error.error_data?.details }) } : {}),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/**
 * Flattens one webhook delivery (which may batch messages and statuses of several numbers) into
 * events. Changes of fields Astor does not handle are skipped; a malformed body throws a ZodError.
 */
export function parseWebhookDelivery(body: unknown): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  for (const entry of delivery.parse(body).entry) {
    for (const change of entry.changes) {
      if (change.field === 'leadgen') {
        const v = change.value;
        events.push({ kind: 'leadgen', leadgenId: v.leadgen_id, formId: v.form_id, pageId: v.page_id, ...(v.ad_id ? { adId: v.ad_id } : {}), createdTime: toDate(v.created_time) });
      } else if (change.field === 'message_template_status_update') {
        const v = change.value;
        events.push({
          kind: 'template_status',
          businessAccountId: entry.id,
          templateId: String(v.message_template_id),
          name: v.message_template_name,
          language: v.message_template_language,
          event: v.event,
          ...(v.reason ? { reason: v.reason } : {}),
        });
      } else if (change.field === 'phone_number_quality_update') {
        const v = change.value;
        // The legacy current_limit names the throughput level on a THROUGHPUT_UPGRADE, not the messaging limit.
        const tier = messagingTierOf(v.max_daily_conversations_per_business) ?? (v.event === 'THROUGHPUT_UPGRADE' ? undefined : messagingTierOf(v.current_limit));
        events.push({
          kind: 'quality_update',
          businessAccountId: entry.id,
          displayPhoneNumber: v.display_phone_number,
          event: v.event,
          ...(tier ? { tier } : {}),
          ...(entry.time !== undefined ? { at: toDate(entry.time) } : {}),
        });
      } else if (change.field === 'messages') {
        const { metadata, contacts, messages, statuses } = change.value;
        for (const m of messages ?? []) {
          const contactName = contacts?.find((contact) => contact.wa_id === m.from)?.profile?.name;
          events.push({
            kind: 'message',
            phoneNumberId: metadata.phone_number_id,
            displayPhoneNumber: metadata.display_phone_number,
            from: m.from,
            ...(contactName ? { contactName } : {}),
            providerMessageId: m.id,
            timestamp: toDate(m.timestamp),
            ...contentOf(m),
            ...(m.context?.id ? { context: { messageId: m.context.id } } : {}),
            ...(m.referral ? { referral: referralOf(m.referral) } : {}),
            raw: m,
          });
        }
        for (const s of statuses ?? []) events.push(statusEvent(metadata.phone_number_id, s));
      }
    }
  }
  return events;
}
