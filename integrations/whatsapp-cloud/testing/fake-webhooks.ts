import { randomBytes } from 'node:crypto';
import { signWebhookBody } from '../webhook-signature';

export interface FakeNumber {
  phoneNumberId: string;
  accessToken: string;
  /** As people read it, e.g. `+54 11 5555-0000`; webhooks carry its digits, as Meta's do. */
  displayPhoneNumber: string;
  appSecret: string;
  wabaId?: string;
  webhookUrl?: string;
  /** The portfolio's messaging limit Graph reports (default TIER_2K). */
  messagingLimitTier?: string;
  /** GREEN (default), YELLOW, RED or UNKNOWN. */
  qualityRating?: string;
}

type Sender = Pick<FakeNumber, 'phoneNumberId' | 'displayPhoneNumber' | 'wabaId'>;

export const newWamid = () => `wamid.${randomBytes(24).toString('base64url')}`;
const epoch = (date = new Date()) => String(Math.floor(date.getTime() / 1000));

function envelope(number: Sender, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.wabaId ?? `waba-${number.phoneNumberId}`,
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: number.displayPhoneNumber.replace(/\D/g, ''), phone_number_id: number.phoneNumberId }, ...value } }],
      },
    ],
  };
}

type FakeStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusSpec {
  id: string;
  status: FakeStatus;
  recipient: string;
  callbackData?: string;
  /** Meta prices templates by category and replies inside the service window as `service`. */
  category?: 'service' | 'utility' | 'marketing' | 'authentication';
  error?: { code: number; title: string; message?: string };
}

export function statusBody(number: Sender, status: StatusSpec) {
  return statusesBody(number, [status]);
}

/** One delivery carrying several statuses, in the order given. */
export function statusesBody(number: Sender, statuses: StatusSpec[]) {
  return envelope(number, { statuses: statuses.map(statusOf) });
}

function statusOf(status: StatusSpec) {
  const category = status.category ?? 'service';
  const billing =
    status.status === 'sent' || status.status === 'delivered'
      ? { conversation: { id: `conv-${status.recipient}`, origin: { type: category } }, pricing: { billable: category !== 'service', pricing_model: 'PMP', category, type: category === 'service' ? 'free_customer_service' : 'regular' } }
      : {};
  const error = status.error && { ...status.error, error_data: { details: status.error.message ?? status.error.title } };
  return {
    id: status.id,
    status: status.status,
    timestamp: epoch(),
    recipient_id: status.recipient,
    ...billing,
    ...(status.callbackData ? { biz_opaque_callback_data: status.callbackData } : {}),
    ...(error ? { errors: [error] } : {}),
  };
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
  /** The message this one quotes, or the business message whose button the contact pressed (Meta's `context.id`). */
  replyTo?: string;
  /** The click-to-WhatsApp ad the contact came from; Meta adds it to the first message only. */
  referral?: AdSpec;
}

export interface AdSpec {
  headline: string;
  body?: string;
  sourceId?: string;
  sourceUrl?: string;
  ctwaClid?: string;
}

export function inboundBody(number: Sender, spec: InboundSpec & { id: string }) {
  const message = spec.message ?? { type: 'text', text: { body: spec.text ?? '' } };
  const context = spec.replyTo ? { context: { from: number.displayPhoneNumber.replace(/\D/g, ''), id: spec.replyTo } } : {};
  const referral = spec.referral ? { referral: adReferral(spec.referral) } : {};
  return envelope(number, {
    contacts: [{ profile: { name: spec.name ?? 'Contacto' }, wa_id: spec.from }],
    messages: [{ from: spec.from, id: spec.id, timestamp: epoch(spec.sentAt), ...context, ...referral, ...message }],
  });
}

function adReferral(ad: AdSpec) {
  const sourceId = ad.sourceId ?? '120211111111110585';
  return {
    source_url: ad.sourceUrl ?? `https://fb.me/${sourceId}`,
    source_id: sourceId,
    source_type: 'ad',
    headline: ad.headline,
    body: ad.body ?? ad.headline,
    media_type: 'image',
    image_url: `https://scontent.xx.fbcdn.net/v/ad-${sourceId}.jpg`,
    thumbnail_url: `https://scontent.xx.fbcdn.net/v/ad-${sourceId}-thumb.jpg`,
    ctwa_clid: ad.ctwaClid ?? `ctwa-${randomBytes(16).toString('base64url')}`,
  };
}

/** `message` of a reaction to `messageId`; without an emoji it removes the contact's reaction, as Meta sends it. */
export function reactionMessage(messageId: string, emoji?: string) {
  return { type: 'reaction', reaction: { message_id: messageId, ...(emoji ? { emoji } : {}) } };
}

export interface ContactCardSpec {
  firstName: string;
  lastName?: string;
  /** As people write them, e.g. `+54 9 11 5555-0202`. */
  phones: string[];
  email?: string;
  company?: string;
}

/** `message` of contact cards the contact shares from their address book. */
export function contactsMessage(...cards: ContactCardSpec[]) {
  return { type: 'contacts', contacts: cards.map(contactCard) };
}

function contactCard(card: ContactCardSpec) {
  return {
    name: { formatted_name: [card.firstName, card.lastName].filter(Boolean).join(' '), first_name: card.firstName, ...(card.lastName ? { last_name: card.lastName } : {}) },
    phones: card.phones.map((phone) => ({ phone, wa_id: phone.replace(/\D/g, ''), type: 'CELL' })),
    ...(card.email ? { emails: [{ email: card.email, type: 'WORK' }] } : {}),
    ...(card.company ? { org: { company: card.company } } : {}),
  };
}

/** `message` of a sticker; `mediaId` names media the fake serves, as for images. */
export function stickerMessage(mediaId: string, animated = false) {
  return { type: 'sticker', sticker: { id: mediaId, mime_type: 'image/webp', sha256: randomBytes(32).toString('base64'), animated } };
}

/** `message` of a press on a reply button we sent; pair it with `replyTo` naming the message that carried the buttons. */
export function buttonReplyMessage(button: { id: string; title: string }) {
  return { type: 'interactive', interactive: { type: 'button_reply', button_reply: button } };
}

/**
 * POSTs a body to a webhook URL signed as Meta signs it and answers the HTTP status. A string body
 * is sent as is; `signature` replaces the header, `null` leaves it out.
 */
export async function postSigned(url: string, body: unknown, appSecret: string, signature?: string | null, signal?: AbortSignal): Promise<number> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const header = signature === undefined ? signWebhookBody(raw, appSecret) : signature;
  if (header !== null) headers['X-Hub-Signature-256'] = header;
  const response = await fetch(url, { method: 'POST', headers, body: raw, signal });
  await response.arrayBuffer();
  return response.status;
}

export interface WebhookRetryPolicy {
  /** Extra attempts after the first when the endpoint does not answer 200. */
  retries: number;
  /** First backoff; each retry waits twice as long as the previous one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs?: number;
  /** An attempt not answered within this time counts as failed, as with Meta. */
  timeoutMs: number;
}

export interface WebhookCounts {
  attempts: number;
  acknowledged: number;
  retried: number;
  abandoned: number;
}

function failureOf(error: unknown): string {
  const { name, cause } = error as { name?: string; cause?: { code?: string } };
  return name === 'TimeoutError' ? 'timeout' : (cause?.code ?? name ?? 'error');
}

/** Meta's side of status callbacks: delayed, signed, retried with backoff until answered 200. */
export class WebhookDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopping = new AbortController();
  private counts: WebhookCounts = { attempts: 0, acknowledged: 0, retried: 0, abandoned: 0 };
  private readonly failed = new Map<string, number>();

  constructor(private readonly policy: WebhookRetryPolicy) {}

  deliverLater(delayMs: number, url: string, appSecret: string, body: unknown): void {
    this.later(delayMs, () => this.attempt(url, appSecret, body, 0));
  }

  stats(): WebhookCounts {
    return { ...this.counts };
  }

  /** Attempts not answered 200, by what came back instead: an HTTP status, `timeout`, or the connection error's code. */
  failures(): Record<string, number> {
    return Object.fromEntries(this.failed);
  }

  /** Cancels pending and in-flight deliveries. */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.stopping.abort();
    this.stopping = new AbortController();
  }

  reset(): void {
    this.cancelAll();
    this.counts = { attempts: 0, acknowledged: 0, retried: 0, abandoned: 0 };
    this.failed.clear();
  }

  private later(ms: number, work: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void work();
    }, ms);
    this.timers.add(timer);
  }

  private async attempt(url: string, appSecret: string, body: unknown, attempt: number): Promise<void> {
    const cancelled = this.stopping.signal;
    this.counts.attempts += 1;
    const outcome = await postSigned(url, body, appSecret, undefined, AbortSignal.any([cancelled, AbortSignal.timeout(this.policy.timeoutMs)])).catch(failureOf);
    if (cancelled.aborted) return;
    if (outcome === 200) {
      this.counts.acknowledged += 1;
      return;
    }
    const reason = String(outcome);
    this.failed.set(reason, (this.failed.get(reason) ?? 0) + 1);
    if (attempt < this.policy.retries) {
      this.counts.retried += 1;
      this.later(Math.min(this.policy.baseDelayMs * 2 ** attempt, this.policy.maxDelayMs ?? Infinity), () => this.attempt(url, appSecret, body, attempt + 1));
    } else {
      this.counts.abandoned += 1;
    }
  }
}

/** Meta's `message_template_status_update` delivery: a review outcome, a pause or a disable. */
export function templateStatusBody(template: { wabaId: string; id: string; name: string; language: string }, event: string, reason: string | null) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: template.wabaId,
        time: Number(epoch()),
        changes: [
          {
            field: 'message_template_status_update',
            value: { event, message_template_id: Number(template.id), message_template_name: template.name, message_template_language: template.language, reason },
          },
        ],
      },
    ],
  };
}

/**
 * Meta's `phone_number_quality_update` delivery: the tier in `max_daily_conversations_per_business` and in the
 * legacy `current_limit`, with `old_limit` only when the limit changed.
 */
export function qualityUpdateBody(number: Sender, event: string, limits: { tier: string; oldTier?: string }) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.wabaId ?? `waba-${number.phoneNumberId}`,
        time: Number(epoch()),
        changes: [
          {
            field: 'phone_number_quality_update',
            value: {
              display_phone_number: number.displayPhoneNumber.replace(/\D/g, ''),
              event,
              current_limit: limits.tier,
              ...(limits.oldTier && limits.oldTier !== limits.tier ? { old_limit: limits.oldTier } : {}),
              max_daily_conversations_per_business: limits.tier,
            },
          },
        ],
      },
    ],
  };
}
