import { z } from 'zod';
import type { InboundMessage, InboundMessageType, MessageStatusUpdate } from '../../domain/messaging';
import { redactSecret } from '../../domain/secret-box';
import { ProviderError, type ProviderErrorCategory } from '../provider-error';

/**
 * Astor's WhatsApp Web bridge interface: the shape bridges such as Evolution API or WAHA expose
 * around a WhatsApp Web session. A real bridge is plugged in by mapping its API to this one here
 * (or in a thin proxy in front of it); nothing else in Astor knows the bridge's wire format.
 *
 * Every call carries `X-Api-Key`. Sessions are named by Astor (one per tenant) and isolated:
 *
 *   POST   /api/sessions/{session}/start     {webhook: {url, secret}} → 200 BridgeSession (idempotent; updates the webhook)
 *   GET    /api/sessions/{session}           → 200 BridgeSession
 *   GET    /api/sessions/{session}/qr        → 200 {qr, image} while SCAN_QR, else 409 session_not_scanning
 *   POST   /api/sessions/{session}/logout    → 200 BridgeSession (DISCONNECTED; the pairing is forgotten)
 *   POST   /api/sessions/{session}/media     raw bytes, Content-Type, X-Filename → 201 {mediaId}
 *   GET    /api/sessions/{session}/media/{id} → 200 raw bytes with their Content-Type (media a contact sent); 404 media_not_found
 *   POST   /api/sessions/{session}/messages  BridgeSendRequest → 201 {id, to, timestamp}; 409 session_not_connected unless CONNECTED
 *
 * Errors answer `{error: {code, message}}`; 429 carries Retry-After. The bridge POSTs events to the
 * session's webhook URL with `X-Bridge-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed
 * with the session's secret>` and retries until answered 200, so duplicates happen.
 */

export const PROVIDER = 'whatsapp_web';
export const SIGNATURE_HEADER = 'x-bridge-signature';

export type BridgeSessionStatus = 'STARTING' | 'SCAN_QR' | 'CONNECTED' | 'DISCONNECTED';

export interface BridgeSession {
  session: string;
  status: BridgeSessionStatus;
  /** The paired phone once CONNECTED: E.164 digits without the plus sign. */
  me?: { phone: string; name?: string };
}

export interface BridgeQr {
  /** The raw string encoded in the QR code. */
  qr: string;
  /** The same QR as a `data:image/png;base64,…` URL. */
  image: string;
}

export type BridgeMediaKind = 'image' | 'audio' | 'video' | 'document';

export interface BridgeSendRequest {
  /** E.164 digits without the plus sign. */
  to: string;
  /** Echoed on every ack of the message (Astor's idempotency key). */
  reference?: string;
  text?: { body: string };
  media?: { kind: BridgeMediaKind; mediaId?: string; url?: string; caption?: string; filename?: string };
}

export interface BridgeSendResponse {
  id: string;
  to: string;
  timestamp: number;
}

export type BridgeErrorCode =
  | 'unauthorized'
  | 'session_not_found'
  | 'session_not_connected'
  | 'session_not_scanning'
  | 'media_not_found'
  | 'invalid_request'
  | 'not_on_whatsapp'
  | 'rate_limited'
  | 'internal';

export interface BridgeErrorBody {
  error?: { code?: string; message?: string };
}

/**
 * The bridge's codes to Astor's categories, the one place that decides what is retried. A session
 * that is not connected is like an expired token: retrying will not pair the phone again.
 */
const CATEGORY_BY_CODE: Record<BridgeErrorCode, ProviderErrorCategory> = {
  unauthorized: 'auth',
  session_not_connected: 'auth',
  session_not_found: 'not_found',
  session_not_scanning: 'invalid_request',
  media_not_found: 'not_found',
  invalid_request: 'invalid_request',
  not_on_whatsapp: 'recipient',
  rate_limited: 'rate_limit',
  internal: 'temporary',
};

export function bridgeError(httpStatus: number, body: BridgeErrorBody, retryAfter: string | null, apiKey: string): ProviderError {
  const code = body.error?.code;
  const known = code !== undefined && code in CATEGORY_BY_CODE ? CATEGORY_BY_CODE[code as BridgeErrorCode] : undefined;
  const category: ProviderErrorCategory =
    httpStatus >= 500 ? 'temporary' : (known ?? (httpStatus === 401 ? 'auth' : httpStatus === 429 ? 'rate_limit' : httpStatus === 404 ? 'not_found' : 'invalid_request'));
  const wait = retryAfter !== null && Number.isFinite(Number(retryAfter)) ? { retryAfterSeconds: Number(retryAfter) } : {};
  return new ProviderError(PROVIDER, category, redactSecret(body.error?.message ?? `HTTP ${httpStatus}`, apiKey), { ...(code ? { code } : {}), httpStatus, ...wait });
}

/** The bridge signs its webhooks as Meta does (HMAC-SHA256 of the raw body, `sha256=<hex>`), keyed with the session's secret. */
export { signWebhookBody as signBridgeBody, verifyWebhookSignature as verifyBridgeSignature } from '../whatsapp-cloud/webhook-signature';

const digits = z.string().regex(/^\d{6,15}$/);
const epochSeconds = z.number().int().positive();

const messageEvent = z.object({
  session: z.string(),
  event: z.literal('message'),
  data: z.object({
    id: z.string().min(1),
    from: digits,
    pushName: z.string().optional(),
    timestamp: epochSeconds,
    type: z.enum(['text', 'image', 'audio', 'video', 'document', 'location', 'unsupported']),
    text: z.string().optional(),
    media: z.object({ id: z.string().min(1), mimeType: z.string().optional(), caption: z.string().optional(), filename: z.string().optional(), voice: z.boolean().optional() }).optional(),
    location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
  }),
});

const ackEvent = z.object({
  session: z.string(),
  event: z.literal('ack'),
  data: z.object({
    id: z.string().min(1),
    to: digits,
    status: z.enum(['sent', 'delivered', 'read', 'failed']),
    reference: z.string().optional(),
    timestamp: epochSeconds,
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
});

const connectionEvent = z.object({ session: z.string(), event: z.literal('session.status'), data: z.object({ status: z.enum(['STARTING', 'SCAN_QR', 'CONNECTED', 'DISCONNECTED']) }) });

export const bridgeEvent = z.discriminatedUnion('event', [messageEvent, ackEvent, connectionEvent]);
export type BridgeEvent = z.infer<typeof bridgeEvent>;

/** What a bridge event means to Astor. Contacts are `+<digits>`, to be normalized by the caller. */
export type BridgeDelivery =
  | { kind: 'message'; session: string; message: InboundMessage }
  | { kind: 'status'; session: string; update: MessageStatusUpdate }
  | { kind: 'connection'; session: string; status: BridgeSessionStatus };

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export function toDelivery(event: BridgeEvent): BridgeDelivery {
  switch (event.event) {
    case 'message': {
      const { data } = event;
      const type: InboundMessageType = data.type;
      return {
        kind: 'message',
        session: event.session,
        message: {
          providerMessageId: data.id,
          contact: `+${data.from}`,
          ...(data.pushName ? { contactName: data.pushName } : {}),
          type,
          ...(data.text !== undefined ? { text: data.text } : {}),
          ...(data.media ? { media: data.media } : {}),
          ...(data.location ? { location: data.location } : {}),
          sentAt: iso(data.timestamp),
        },
      };
    }
    case 'ack': {
      const { data } = event;
      return {
        kind: 'status',
        session: event.session,
        update: {
          providerMessageId: data.id,
          status: data.status,
          at: iso(data.timestamp),
          recipient: data.to,
          ...(data.error ? { error: { code: data.error.code, title: data.error.message } } : {}),
          ...(data.reference ? { callbackData: data.reference } : {}),
        },
      };
    }
    case 'session.status':
      return { kind: 'connection', session: event.session, status: event.data.status };
  }
}
