import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { inboundBody, newWamid, postSigned, statusBody, type FakeNumber, type InboundSpec } from './fake-webhooks';

export interface SentMessage {
  phoneNumberId: string;
  to: string;
  type: string;
  body: Record<string, unknown>;
  wamid: string;
  at: number;
}

interface GraphFailure {
  httpStatus: number;
  code: number;
  message?: string;
}

export interface FakeWhatsAppOptions {
  numbers: FakeNumber[];
  /** Statuses reported back for each accepted message, in order. */
  statuses?: ('sent' | 'delivered' | 'read')[];
  statusDelayMs?: number;
  /** Messages per second per number before code 130429 (Meta's default is 80). */
  messagesPerSecond?: number;
}

const graphError = (res: Response, failure: GraphFailure) =>
  res.status(failure.httpStatus).json({
    error: { message: failure.message ?? `(#${failure.code}) error`, type: failure.code === 190 ? 'OAuthException' : 'GraphMethodException', code: failure.code, error_data: { messaging_product: 'whatsapp', details: failure.message ?? 'fake failure' }, fbtrace_id: 'FAKE' },
  });

/**
 * A loopback stand-in for Meta's Graph API as Astor uses it: bearer auth per number, validation
 * errors with Graph's codes, wamid ids, throughput limits, and delivery statuses reported back to
 * the number's webhook, signed with its app secret (and retried when not answered 200, as Meta does).
 */
export async function startFakeWhatsAppCloud(options: FakeWhatsAppOptions) {
  const numbers = new Map(options.numbers.map((number) => [number.phoneNumberId, number]));
  const sent: SentMessage[] = [];
  const failures: GraphFailure[] = [];
  const failingRecipients = new Map<string, { code: number; title: string }>();
  const windows = new Map<string, number[]>();
  const webhookAttempts = { delivered: 0, retried: 0 };
  let down: 'ok' | 'error' | 'hang' = 'ok';
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };

  async function report(number: FakeNumber, body: unknown, attempt = 0): Promise<void> {
    if (!number.webhookUrl) return;
    const status = await postSigned(number.webhookUrl, body, number.appSecret).catch(() => 0);
    webhookAttempts.delivered += 1;
    if (status !== 200 && attempt < 5) {
      webhookAttempts.retried += 1;
      later(200 * 2 ** attempt, () => void report(number, body, attempt + 1));
    }
  }

  function reportStatuses(number: FakeNumber, message: SentMessage, callbackData?: string) {
    const failure = failingRecipients.get(message.to) ?? (message.type !== 'template' && failingRecipients.get(`window:${message.to}`));
    const steps = failure ? ['sent', 'failed'] : (options.statuses ?? ['sent', 'delivered', 'read']);
    steps.forEach((status, index) =>
      later((options.statusDelayMs ?? 20) * (index + 1), () => {
        const error = status === 'failed' && failure ? failure : undefined;
        void report(number, statusBody(number, { id: message.wamid, status, recipient: message.to, callbackData, error }));
      }),
    );
  }

  function overThroughput(phoneNumberId: string): boolean {
    if (!options.messagesPerSecond) return false;
    const now = Date.now();
    const recent = (windows.get(phoneNumberId) ?? []).filter((at) => now - at < 1000);
    const over = recent.length >= options.messagesPerSecond;
    if (!over) recent.push(now);
    windows.set(phoneNumberId, recent);
    return over;
  }

  const app = express();
  app.use(express.json({ limit: '5mb' }));
  app.use((req, res, next) => {
    if (down === 'hang') return;
    if (down === 'error') return graphError(res, { httpStatus: 500, code: 2, message: 'Service temporarily unavailable' });
    const number = numbers.get(String(req.path.split('/')[2] ?? ''));
    if (!number) return graphError(res, { httpStatus: 400, code: 100, message: 'Unsupported request: unknown phone number id' });
    if (req.header('authorization') !== `Bearer ${number.accessToken}`) return graphError(res, { httpStatus: 401, code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    res.locals.number = number;
    next();
  });

  app.get('/:version/:phoneNumberId', (_req, res) => {
    const number = res.locals.number as FakeNumber;
    res.json({ id: number.phoneNumberId, display_phone_number: number.displayPhoneNumber, verified_name: 'Fake Business', quality_rating: 'GREEN' });
  });

  app.post('/:version/:phoneNumberId/media', (_req, res) => {
    res.json({ id: `media-${newWamid().slice(6, 18)}` });
  });

  app.post('/:version/:phoneNumberId/messages', (req: Request, res: Response) => {
    const number = res.locals.number as FakeNumber;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const failure = failures.shift();
    if (failure) return graphError(res, failure);
    if (body.messaging_product !== 'whatsapp') return graphError(res, { httpStatus: 400, code: 100, message: 'The parameter messaging_product is required.' });
    const to = String(body.to ?? '');
    if (!/^\d{8,15}$/.test(to)) return graphError(res, { httpStatus: 400, code: 131030, message: 'Recipient phone number not valid' });
    const type = String(body.type ?? 'text');
    if (!['text', 'template', 'image', 'audio', 'video', 'document', 'interactive', 'location', 'reaction'].includes(type) || !body[type]) {
      return graphError(res, { httpStatus: 400, code: 100, message: `Invalid parameter: ${type}` });
    }
    if (type === 'text' && !(body.text as { body?: string }).body) return graphError(res, { httpStatus: 400, code: 100, message: 'text.body is required' });
    if (overThroughput(number.phoneNumberId)) return graphError(res, { httpStatus: 400, code: 130429, message: 'Rate limit hit' });
    const message: SentMessage = { phoneNumberId: number.phoneNumberId, to, type, body, wamid: newWamid(), at: Date.now() };
    sent.push(message);
    res.json({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: message.wamid }] });
    reportStatuses(number, message, typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined);
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    sent: () => [...sent],
    sentTo: (recipient: string) => sent.filter((message) => message.to === recipient.replace(/^\+/, '')),
    webhookAttempts: () => ({ ...webhookAttempts }),
    failNext: (count: number, failure: GraphFailure) => failures.push(...Array.from({ length: count }, () => failure)),
    /** Messages to this recipient fail asynchronously with the given code (e.g. 131026 undeliverable). */
    failRecipient: (recipient: string, code = 131026, title = 'Message undeliverable') => failingRecipients.set(recipient.replace(/^\+/, ''), { code, title }),
    /** Free-form messages to this recipient fail with 131047 (outside the 24-hour window); templates pass. */
    closeWindow: (recipient: string) => failingRecipients.set(`window:${recipient.replace(/^\+/, '')}`, { code: 131047, title: 'Re-engagement message' }),
    setAvailability: (state: 'ok' | 'error' | 'hang') => {
      down = state;
    },
    setWebhookUrl: (phoneNumberId: string, url: string) => {
      numbers.get(phoneNumberId)!.webhookUrl = url;
    },
    /** A contact writes to a number: Meta's delivery, signed, POSTed to the number's webhook. */
    async deliverInbound(phoneNumberId: string, spec: InboundSpec): Promise<{ id: string; status: number }> {
      const number = numbers.get(phoneNumberId)!;
      const id = spec.id ?? newWamid();
      const status = await postSigned(number.webhookUrl!, inboundBody(number, { ...spec, id }), number.appSecret);
      return { id, status };
    },
    async stop(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeWhatsAppCloud = Awaited<ReturnType<typeof startFakeWhatsAppCloud>>;
