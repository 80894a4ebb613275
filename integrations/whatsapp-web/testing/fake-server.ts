import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { RateWindow } from '../../whatsapp-cloud/testing/fake-state';
import { signBridgeBody, SIGNATURE_HEADER, type BridgeErrorCode, type BridgeSendRequest, type BridgeSession, type BridgeSessionStatus } from '../bridge-api';

export type FakeBridgeFailure = { httpStatus: number; code: BridgeErrorCode; message?: string; retryAfterSeconds?: number } | 'hang';

interface FakeSession {
  name: string;
  status: BridgeSessionStatus;
  webhook: { url: string; secret: string };
  qr: string;
  me?: { phone: string; name?: string };
  media: Map<string, { mimeType: string; filename: string; bytes: Buffer }>;
}

export interface FakeBridgeMessage {
  session: string;
  id: string;
  request: BridgeSendRequest;
  at: number;
}

export interface FakeInbound {
  from: string;
  text?: string;
  pushName?: string;
  id?: string;
  /** A photo, voice note, video or document the contact sends, kept by the bridge for download. */
  media?: { kind: 'image' | 'audio' | 'video' | 'document'; bytes: Buffer; mimeType: string; caption?: string; filename?: string };
}

const KINDS = new Set(['image', 'audio', 'video', 'document']);

function fail(res: Response, httpStatus: number, code: BridgeErrorCode, message: string): void {
  res.status(httpStatus).json({ error: { code, message } });
}

/** A QR-looking SVG drawn from the QR string's hash: enough for a browser to show an image. */
function qrImage(qr: string): string {
  const bits = createHash('sha512').update(qr).digest();
  const cells = Array.from({ length: 21 * 21 }, (_, i) => ((bits[i % bits.length]! >> (i % 8)) & 1 ? `<rect x="${i % 21}" y="${Math.floor(i / 21)}" width="1" height="1"/>` : '')).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" shape-rendering="crispEdges"><rect width="21" height="21" fill="#fff"/><g fill="#000">${cells}</g></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function checkSend(body: unknown, session: FakeSession): { ok: true; value: BridgeSendRequest } | { ok: false; message: string } {
  const request = (body ?? {}) as Partial<BridgeSendRequest>;
  if (typeof request.to !== 'string' || !/^\d{6,15}$/.test(request.to)) return { ok: false, message: '"to" must be the phone number digits without the plus sign' };
  if (Boolean(request.text) === Boolean(request.media)) return { ok: false, message: 'Send either "text" or "media"' };
  if (request.text && (typeof request.text.body !== 'string' || !request.text.body.trim())) return { ok: false, message: '"text.body" must not be empty' };
  if (request.media) {
    const { kind, mediaId, url } = request.media;
    if (!KINDS.has(kind)) return { ok: false, message: '"media.kind" must be image, audio, video or document' };
    if (!mediaId === !url) return { ok: false, message: 'Media needs either "mediaId" or "url"' };
    if (mediaId && !session.media.has(mediaId)) return { ok: false, message: `Unknown media ${mediaId} in this session` };
  }
  return { ok: true, value: request as BridgeSendRequest };
}

/**
 * A loopback WhatsApp Web bridge following bridge-api.ts: API-key auth, one isolated session per
 * name (webhook, secret, media, pairing), a QR that a test "scans" to connect, sends refused unless
 * connected, a per-session rate limit (429 with Retry-After), injected faults, and signed events
 * (inbound messages, acks, connection changes) POSTed to the session's webhook and retried until 200.
 */
export async function startFakeWhatsAppWebBridge(options: { apiKey: string; messagesPerMinute?: number; ackDelayMs?: number }) {
  const sessions = new Map<string, FakeSession>();
  const sent: FakeBridgeMessage[] = [];
  const failures: FakeBridgeFailure[] = [];
  const notOnWhatsApp = new Set<string>();
  const throughput = new RateWindow(options.messagesPerMinute ?? Infinity, 60_000);
  const timers = new Set<NodeJS.Timeout>();
  const deliveries = { attempts: 0, acknowledged: 0 };

  async function post(session: FakeSession, body: unknown, signature?: string | null): Promise<number> {
    const raw = JSON.stringify(body);
    const header = signature === undefined ? signBridgeBody(raw, session.webhook.secret) : signature;
    deliveries.attempts += 1;
    const response = await fetch(session.webhook.url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(header === null ? {} : { [SIGNATURE_HEADER]: header }) }, body: raw });
    await response.arrayBuffer();
    if (response.status === 200) deliveries.acknowledged += 1;
    return response.status;
  }

  function deliverLater(session: FakeSession, body: unknown, delayMs: number, attempt = 0): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void post(session, body)
        .catch(() => 0)
        .then((status) => {
          if (status !== 200 && attempt < 3) deliverLater(session, body, 100 * 2 ** attempt, attempt + 1);
        });
    }, delayMs);
    timers.add(timer);
  }

  const view = (session: FakeSession): BridgeSession => ({ session: session.name, status: session.status, ...(session.me ? { me: session.me } : {}) });
  const newQr = () => `2@${randomBytes(24).toString('base64')}`;
  const epoch = () => Math.floor(Date.now() / 1000);

  function setStatus(session: FakeSession, status: BridgeSessionStatus): void {
    session.status = status;
    deliverLater(session, { session: session.name, event: 'session.status', data: { status } }, 0);
  }

  const app = express();
  app.use((req, res, next) => {
    if (req.header('x-api-key') !== options.apiKey) return fail(res, 401, 'unauthorized', 'Invalid API key');
    const failure = failures.shift();
    if (failure === 'hang') return;
    if (failure) {
      if (failure.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
      return fail(res, failure.httpStatus, failure.code, failure.message ?? 'Injected failure');
    }
    next();
  });

  app.post('/api/sessions/:session/start', express.json(), (req, res) => {
    const webhook = (req.body as { webhook?: { url?: unknown; secret?: unknown } } | undefined)?.webhook;
    if (typeof webhook?.url !== 'string' || !/^https?:\/\//.test(webhook.url) || typeof webhook.secret !== 'string' || webhook.secret.length < 16) {
      return fail(res, 400, 'invalid_request', '"webhook.url" must be an http(s) URL and "webhook.secret" at least 16 characters');
    }
    const name = req.params.session;
    const existing = sessions.get(name);
    const session: FakeSession = existing ?? { name, status: 'SCAN_QR', webhook: { url: webhook.url, secret: webhook.secret }, qr: newQr(), media: new Map() };
    session.webhook = { url: webhook.url, secret: webhook.secret };
    if (session.status === 'DISCONNECTED') {
      session.status = 'SCAN_QR';
      session.qr = newQr();
    }
    sessions.set(name, session);
    res.json(view(session));
  });

  app.use('/api/sessions/:session', (req, res, next) => {
    const session = sessions.get(req.params.session!);
    if (!session) return fail(res, 404, 'session_not_found', `No session named ${req.params.session}`);
    res.locals.session = session;
    next();
  });

  app.get('/api/sessions/:session', (_req, res) => {
    res.json(view(res.locals.session as FakeSession));
  });

  app.get('/api/sessions/:session/qr', (_req, res) => {
    const session = res.locals.session as FakeSession;
    if (session.status !== 'SCAN_QR') return fail(res, 409, 'session_not_scanning', `The session is ${session.status}; there is no QR code to scan`);
    res.json({ qr: session.qr, image: qrImage(session.qr) });
  });

  app.post('/api/sessions/:session/logout', (_req, res) => {
    const session = res.locals.session as FakeSession;
    delete session.me;
    setStatus(session, 'DISCONNECTED');
    res.json(view(session));
  });

  app.post('/api/sessions/:session/media', express.raw({ type: () => true, limit: '20mb' }), (req, res) => {
    const session = res.locals.session as FakeSession;
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const mimeType = req.header('content-type') ?? '';
    if (bytes.length === 0 || !/^[\w.+-]+\/[\w.+-]+$/.test(mimeType)) return fail(res, 400, 'invalid_request', 'Send the media bytes with their Content-Type');
    const mediaId = `media-${randomBytes(8).toString('hex')}`;
    session.media.set(mediaId, { mimeType, filename: decodeURIComponent(req.header('x-filename') ?? 'file'), bytes });
    res.status(201).json({ mediaId });
  });

  app.get('/api/sessions/:session/media/:mediaId', (req, res) => {
    const media = (res.locals.session as FakeSession).media.get(req.params.mediaId);
    if (!media) return fail(res, 404, 'media_not_found', `Unknown media ${req.params.mediaId} in this session`);
    res.type(media.mimeType).send(media.bytes);
  });

  app.post('/api/sessions/:session/messages', express.json({ limit: '1mb' }), (req, res) => {
    const session = res.locals.session as FakeSession;
    if (session.status !== 'CONNECTED') return fail(res, 409, 'session_not_connected', `The session is ${session.status}; scan the QR code to connect it before sending`);
    const checked = checkSend(req.body, session);
    if (!checked.ok) return fail(res, 400, 'invalid_request', checked.message);
    if (notOnWhatsApp.has(checked.value.to)) return fail(res, 422, 'not_on_whatsapp', `${checked.value.to} is not on WhatsApp`);
    if (!throughput.take(session.name)) {
      res.setHeader('Retry-After', '60');
      return fail(res, 429, 'rate_limited', 'Too many messages from this session; slow down to avoid a ban');
    }
    const message: FakeBridgeMessage = { session: session.name, id: `3EB0${randomBytes(10).toString('hex').toUpperCase()}`, request: checked.value, at: Date.now() };
    sent.push(message);
    res.status(201).json({ id: message.id, to: checked.value.to, timestamp: epoch() });
    (['sent', 'delivered', 'read'] as const).forEach((status, index) => {
      const data = { id: message.id, to: checked.value.to, status, timestamp: epoch(), ...(checked.value.reference ? { reference: checked.value.reference } : {}) };
      deliverLater(session, { session: session.name, event: 'ack', data }, (options.ackDelayMs ?? 20) * (index + 1));
    });
  });

  app.use((_req: Request, res: Response) => fail(res, 404, 'invalid_request', 'Unknown endpoint'));
  app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => fail(res, 400, 'invalid_request', 'The request body could not be read'));

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));

  const existing = (name: string) => {
    const session = sessions.get(name);
    if (!session) throw new Error(`The fake bridge has no session ${name}`);
    return session;
  };

  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: (session?: string) => sent.filter((message) => !session || message.session === session),
    session: (name: string) => (sessions.has(name) ? view(existing(name)) : undefined),
    deliveries: () => ({ ...deliveries }),
    /** The phone scans the session's QR code: the session connects as this number. */
    scan(name: string, phone = '5491155550000'): void {
      const session = existing(name);
      if (session.status !== 'SCAN_QR') throw new Error(`Session ${name} is ${session.status}, not showing a QR code`);
      session.me = { phone, name: 'Inmobiliaria' };
      setStatus(session, 'CONNECTED');
    },
    /** The phone drops the pairing (logged out from the phone, say). */
    dropConnection(name: string): void {
      setStatus(existing(name), 'DISCONNECTED');
    },
    markNotOnWhatsApp(recipient: string): void {
      notOnWhatsApp.add(recipient.replace(/^\+/, ''));
    },
    failNext(count: number, failure: FakeBridgeFailure): void {
      failures.push(...Array.from({ length: count }, () => failure));
    },
    /** A contact writes to the session's phone: a signed message event, POSTed once; answers the webhook's HTTP status. */
    deliverInbound(name: string, inbound: FakeInbound): Promise<number> {
      const session = existing(name);
      const base = { id: inbound.id ?? `3EB0${randomBytes(10).toString('hex').toUpperCase()}`, from: inbound.from.replace(/^\+/, ''), pushName: inbound.pushName ?? 'Contacto', timestamp: epoch() };
      if (!inbound.media) return post(session, { session: name, event: 'message', data: { ...base, type: 'text', text: inbound.text ?? '' } });
      const { kind, bytes, mimeType, caption, filename } = inbound.media;
      const mediaId = `media-${randomBytes(8).toString('hex')}`;
      session.media.set(mediaId, { mimeType, filename: filename ?? 'file', bytes });
      return post(session, { session: name, event: 'message', data: { ...base, type: kind, media: { id: mediaId, mimeType, ...(caption ? { caption } : {}), ...(filename ? { filename } : {}) } } });
    },
    /** POSTs any body to the session's webhook, signed unless `signature` says otherwise (`null`: no header). */
    deliverRaw(name: string, body: unknown, signature?: string | null): Promise<number> {
      return post(existing(name), body, signature);
    },
    async stop(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeWhatsAppWebBridge = Awaited<ReturnType<typeof startFakeWhatsAppWebBridge>>;
