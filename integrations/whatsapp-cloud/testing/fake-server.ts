import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { FakeGraphRecords, RateWindow, type SentMessage } from './fake-state';
import { checkSendRequest, checkUpload, graphErrorBody, type FakeTemplate, type GraphFailure } from './fake-validation';
import { FakeTemplateRegistry, templateNotFound, templatePage, type FakeQuality, type FakeTemplateStatus } from './fake-templates';
import { WebhookDispatcher, inboundBody, newWamid, postSigned, qualityUpdateBody, statusBody, templateStatusBody, type FakeNumber, type InboundSpec, type StatusSpec, type WebhookRetryPolicy } from './fake-webhooks';

export interface FakeWhatsAppOptions {
  numbers: FakeNumber[];
  /** Statuses reported to the number's webhook for each accepted message, in order. */
  statuses?: ('sent' | 'delivered' | 'read')[];
  /** Delay before the first status and between the following ones. */
  statusDelayMs?: number;
  /** Messages per second per number before code 130429 (Meta's default is 80). */
  messagesPerSecond?: number;
  /** Messages to one recipient per window before code 131056 (Meta allows about one every 6 s). */
  pairRate?: { messages: number; perMs: number };
  /**
   * Approved templates; when given, or when the number's business account has templates created through
   * the API, other templates answer 132001 and wrong body parameter counts 132000.
   */
  templates?: FakeTemplate[];
  webhookRetry?: Partial<WebhookRetryPolicy>;
  /** How long an accepted send's answer takes (Meta's take a few hundred milliseconds); the message counts as sent on arrival. */
  answerDelayMs?: number;
}

type Availability = 'ok' | 'error' | 'hang';
type RecipientRule = { appliesTo: 'every message' | 'free-form messages' | 'marketing templates'; error: { code: number; title: string; message: string } };

/** Graph's answers when the number must slow down: its throughput (130429), or too many of its messages blocked or reported (131048). */
const SEND_LIMITS = {
  throughput: { httpStatus: 400, code: 130429, message: 'Rate limit hit', details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time.' },
  spam: { httpStatus: 400, code: 131048, message: 'Spam rate limit hit', details: 'Message failed to send because there are restrictions on how many messages can be sent from this phone number. This may be because too many previous messages were blocked or flagged as spam.' },
} satisfies Record<string, GraphFailure>;

const digits = (recipient: string) => recipient.replace(/^\+/, '');
const DEFAULT_TIER = 'TIER_2K';

const unknownObject = (id: string, method: string): GraphFailure => ({
  httpStatus: 400,
  code: 100,
  subcode: 33,
  message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
});

function answer(res: Response, failure: GraphFailure): void {
  if (failure.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
  res.status(failure.httpStatus).json(graphErrorBody(failure));
}

/**
 * A loopback stand-in for Meta's Graph API as Astor uses it: bearer auth per number, Graph's
 * validation errors and codes, wamids, media uploads, throughput and pair rate limits, injected
 * faults, and delivery statuses POSTed to the number's webhook, signed with its app secret and
 * retried when not answered 200 (so duplicates happen, as with Meta).
 */
export async function startFakeWhatsAppCloud(options: FakeWhatsAppOptions) {
  const numbers = new Map(options.numbers.map((number) => [number.phoneNumberId, { ...number }]));
  const tokens = new Set(options.numbers.map((number) => number.accessToken));
  const records = new FakeGraphRecords();
  const templates = new FakeTemplateRegistry();
  const failures: GraphFailure[] = [];
  const sendFailures: GraphFailure[] = [];
  const recipientRules = new Map<string, RecipientRule>();
  const throughput = new RateWindow(options.messagesPerSecond ?? Infinity, 1000);
  const pairRate = new RateWindow(options.pairRate?.messages ?? Infinity, options.pairRate?.perMs ?? 1000);
  // Meta retries a delivery not answered 200 for up to days: here for about ten minutes, longer than any test waits.
  const webhooks = new WebhookDispatcher({ retries: 25, baseDelayMs: 100, maxDelayMs: 30_000, timeoutMs: 5000, ...options.webhookRetry });
  let availability: Availability = 'ok';

  const numberOf = (res: Response, id: string) => {
    const number = numbers.get(id);
    return number && number.accessToken === res.locals.token ? number : undefined;
  };

  /** The business account, when one of its numbers holds the request's token. */
  const wabaOf = (res: Response, wabaId: string) => [...numbers.values()].some((number) => number.wabaId === wabaId && number.accessToken === res.locals.token);

  function sendableTemplates(number: FakeNumber) {
    const registered = number.wabaId ? templates.list(number.wabaId) : [];
    if (!options.templates && registered.length === 0) return undefined;
    return [...(options.templates ?? []), ...(number.wabaId ? templates.approved(number.wabaId) : [])];
  }

  /** Graph's answer to a send of a template Meta paused (132015) or disabled (132016). */
  function haltedTemplate(number: FakeNumber, body: unknown): GraphFailure | undefined {
    const template = (body as { template?: { name?: string; language?: { code?: string } } } | undefined)?.template;
    if (!number.wabaId || !template?.name || !template.language?.code) return undefined;
    const status = templates.find(number.wabaId, template.name, template.language.code)?.status;
    if (status === 'PAUSED') return { httpStatus: 400, code: 132015, message: 'Template is Paused', details: `Template ${template.name} is paused due to low quality so it cannot be sent in a template message.` };
    if (status === 'DISABLED') return { httpStatus: 400, code: 132016, message: 'Template is Disabled', details: `Template ${template.name} has been paused too many times due to low quality and is now permanently disabled.` };
    return undefined;
  }

  /** The category of a template message's template, when the number's business account holds it. */
  function templateCategory(number: FakeNumber, message: SentMessage): string | undefined {
    const template = message.body.template as { name?: string; language?: { code?: string } } | undefined;
    if (message.type !== 'template' || !number.wabaId || !template?.name || !template.language?.code) return undefined;
    return templates.find(number.wabaId, template.name, template.language.code)?.category;
  }

  function ruleApplies(rule: RecipientRule, number: FakeNumber, message: SentMessage): boolean {
    if (rule.appliesTo === 'every message') return true;
    if (rule.appliesTo === 'free-form messages') return message.type !== 'template';
    return templateCategory(number, message) === 'MARKETING';
  }

  function reportStatuses(number: FakeNumber, message: SentMessage, callbackData: string | undefined): void {
    if (!number.webhookUrl) return;
    const rule = recipientRules.get(message.to);
    const error = rule && ruleApplies(rule, number, message) ? rule.error : undefined;
    const steps = error ? (['failed'] as const) : (options.statuses ?? ['sent', 'delivered', 'read']);
    // Meta charges a template at its category (utility for one only the options list); free-form goes out in the service window.
    const category = message.type === 'template' ? ((templateCategory(number, message)?.toLowerCase() ?? 'utility') as StatusSpec['category']) : 'service';
    steps.forEach((status, index) => {
      const body = statusBody(number, { id: message.wamid, status, recipient: message.to, callbackData, category, error });
      webhooks.deliverLater((options.statusDelayMs ?? 20) * (index + 1), number.webhookUrl!, number.appSecret, body);
    });
  }

  const app = express();
  app.use((_req, res, next) => {
    if (availability === 'hang') return;
    if (availability === 'error') return answer(res, { httpStatus: 500, code: 2, message: 'Service temporarily unavailable' });
    next();
  });
  app.use((req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    if (!token || !tokens.has(token)) return answer(res, { httpStatus: 401, code: 190 });
    res.locals.token = token;
    const failure = failures.shift();
    if (failure) return answer(res, failure);
    next();
  });

  app.get('/media-download/:mediaId', (req, res) => {
    const media = records.media.get(req.params.mediaId);
    if (!media || !numberOf(res, media.phoneNumberId)) return answer(res, unknownObject(req.params.mediaId, 'get'));
    res.type(media.mimeType).send(media.bytes);
  });

  app.get('/:version/:wabaId/message_templates', (req, res) => {
    const { wabaId } = req.params;
    if (!wabaOf(res, wabaId)) return answer(res, unknownObject(wabaId, 'get'));
    const page = templatePage(templates.list(wabaId), req.query, `${baseUrl}${req.path}`);
    if (!page.ok) return answer(res, page.failure);
    res.json(page.value);
  });

  app.post('/:version/:wabaId/message_templates', express.json({ limit: '1mb' }), (req, res) => {
    const { wabaId } = req.params;
    if (!wabaOf(res, wabaId)) return answer(res, unknownObject(wabaId, 'post'));
    const created = templates.create(wabaId, req.body);
    if (!created.ok) return answer(res, created.failure);
    res.json({ id: created.value.id, status: created.value.status, category: created.value.category });
  });

  app.delete('/:version/:wabaId/message_templates', (req, res) => {
    const { wabaId } = req.params;
    if (!wabaOf(res, wabaId)) return answer(res, unknownObject(wabaId, 'delete'));
    const { name, hsm_id: id } = req.query;
    if (typeof name !== 'string' || !name) return answer(res, { httpStatus: 400, code: 100, message: 'The parameter name is required.' });
    if (templates.delete(wabaId, name, typeof id === 'string' ? id : undefined) === 0) return answer(res, templateNotFound(name));
    res.json({ success: true });
  });

  app.get('/:version/:objectId', (req, res) => {
    const { objectId } = req.params;
    const number = numberOf(res, objectId);
    if (number) {
      const all = {
        display_phone_number: number.displayPhoneNumber,
        verified_name: 'Fake Business',
        quality_rating: number.qualityRating ?? 'GREEN',
        whatsapp_business_manager_messaging_limit: number.messagingLimitTier ?? DEFAULT_TIER,
      };
      const fields = typeof req.query.fields === 'string' ? req.query.fields.split(',') : Object.keys(all);
      return res.json({ ...Object.fromEntries(Object.entries(all).filter(([field]) => fields.includes(field))), id: number.phoneNumberId });
    }
    const media = records.media.get(objectId);
    if (!media || !numberOf(res, media.phoneNumberId)) return answer(res, unknownObject(objectId, 'get'));
    res.json({ messaging_product: 'whatsapp', url: `${baseUrl}/media-download/${media.id}`, mime_type: media.mimeType, sha256: media.sha256, file_size: media.size, id: media.id });
  });

  app.post('/:version/:phoneNumberId/media', express.raw({ type: () => true, limit: '100mb' }), async (req, res) => {
    const number = numberOf(res, req.params.phoneNumberId);
    if (!number) return answer(res, unknownObject(req.params.phoneNumberId, 'post'));
    const upload = await checkUpload(req.header('content-type'), Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    if (!upload.ok) return answer(res, upload.failure);
    const id = `media-${Date.now()}${String(records.media.size).padStart(4, '0')}`;
    records.media.set(id, { ...upload.value, id, phoneNumberId: number.phoneNumberId, at: Date.now() });
    res.json({ id });
  });

  app.post('/:version/:phoneNumberId/messages', express.json({ limit: '5mb' }), (req, res) => {
    const number = numberOf(res, req.params.phoneNumberId);
    if (!number) return answer(res, unknownObject(req.params.phoneNumberId, 'post'));
    const halted = haltedTemplate(number, req.body);
    if (halted) return answer(res, halted);
    const checked = checkSendRequest(req.body, sendableTemplates(number));
    if (!checked.ok) return answer(res, checked.failure);
    const { to, type } = checked.value;
    const sendFailure = sendFailures.shift();
    if (sendFailure) return answer(res, sendFailure);
    if (!throughput.take(number.phoneNumberId)) return answer(res, SEND_LIMITS.throughput);
    if (!pairRate.take(`${number.phoneNumberId}:${to}`)) {
      return answer(res, { httpStatus: 400, code: 131056, message: '(Business Account, Consumer Account) pair rate limit hit', details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.' });
    }
    const body = req.body as Record<string, unknown>;
    const message: SentMessage = { phoneNumberId: number.phoneNumberId, to, type, body, wamid: newWamid(), at: Date.now() };
    records.record(message);
    const accepted = { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: to }], messages: [{ id: message.wamid, ...(type === 'template' ? { message_status: 'accepted' } : {}) }] };
    if (options.answerDelayMs) setTimeout(() => res.json(accepted), options.answerDelayMs);
    else res.json(accepted);
    reportStatuses(number, message, typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined);
  });

  app.use((req: Request, res: Response) => answer(res, { httpStatus: 400, code: 2500, message: `Unknown path components: ${req.path}` }));
  app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => answer(res, { httpStatus: 400, code: 100, message: 'Invalid parameter', details: 'The request body could not be read' }));

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function registered(phoneNumberId: string): FakeNumber & { webhookUrl: string } {
    const number = numbers.get(phoneNumberId);
    if (!number?.webhookUrl) throw new Error(`The fake has no webhook URL for phone number id ${phoneNumberId}`);
    return number as FakeNumber & { webhookUrl: string };
  }

  return {
    baseUrl,
    sent: () => records.sent(),
    sentTo: (recipient: string) => records.sentTo(recipient),
    countByRecipient: () => records.countByRecipient(),
    uploads: () => [...records.media.values()],
    webhookStats: () => webhooks.stats(),
    webhookFailures: () => webhooks.failures(),
    /** The next `count` authenticated calls answer this Graph error. */
    failNext(count: number, failure: GraphFailure): void {
      failures.push(...Array.from({ length: count }, () => failure));
    },
    /** The next `count` valid sends (other calls pass) answer a limit on the number: throughput (130429) or spam rate (131048). */
    limitNextSends(count: number, limit: keyof typeof SEND_LIMITS): void {
      sendFailures.push(...Array.from({ length: count }, () => SEND_LIMITS[limit]));
    },
    /**
     * Meta's per-user cap on marketing (131049): this recipient's templates of the MARKETING category (as the business
     * account holds them) are accepted, then reported `failed`; other messages pass.
     */
    capMarketing(recipient: string): void {
      const error = { code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.', message: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.' };
      recipientRules.set(digits(recipient), { appliesTo: 'marketing templates', error });
    },
    /** Messages to this recipient are accepted, then reported `failed` with this code (131026: undeliverable). */
    failRecipient(recipient: string, error: { code: number; title: string; message?: string } = { code: 131026, title: 'Message undeliverable' }): void {
      recipientRules.set(digits(recipient), { appliesTo: 'every message', error: { ...error, message: error.message ?? error.title } });
    },
    /** More than 24 h since this contact wrote: free-form messages are reported `failed` with 131047; templates pass. */
    closeWindow(recipient: string): void {
      const error = { code: 131047, title: 'Re-engagement message', message: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' };
      recipientRules.set(digits(recipient), { appliesTo: 'free-form messages', error });
    },
    /** The business account's templates as Meta holds them. */
    templates: (wabaId: string) => templates.list(wabaId),
    /** A template made outside Astor (e.g. in WhatsApp Manager), approved unless told otherwise. */
    seedTemplate(wabaId: string, definition: { name: string; language: string; category: string; components: Record<string, unknown>[] }, status: FakeTemplateStatus = 'APPROVED') {
      const created = templates.create(wabaId, definition);
      if (!created.ok) throw new Error(`The fake refused the template: ${created.failure.details}`);
      created.value.status = status;
      return created.value;
    },
    /**
     * Meta's review (or a later pause or disable) of a template, reported as a signed
     * `message_template_status_update` to the webhook of the account's first number that has one.
     */
    async reviewTemplate(wabaId: string, name: string, language: string, status: FakeTemplateStatus, details: { reason?: string; quality?: FakeQuality } = {}): Promise<number | undefined> {
      const template = templates.find(wabaId, name, language);
      if (!template) throw new Error(`The fake has no template ${name} (${language}) in ${wabaId}`);
      template.status = status;
      template.rejectedReason = status === 'REJECTED' ? (details.reason ?? 'INVALID_FORMAT') : undefined;
      if (details.quality) template.quality = details.quality;
      const number = [...numbers.values()].find((candidate) => candidate.wabaId === wabaId && candidate.webhookUrl);
      if (!number) return undefined;
      return postSigned(number.webhookUrl!, templateStatusBody(template, status, details.reason ?? template.rejectedReason ?? null), number.appSecret);
    },
    /**
     * Meta changes the portfolio's messaging limit or the number's quality: Graph answers the new values from now on,
     * and a signed `phone_number_quality_update` (e.g. UPGRADE, DOWNGRADE, FLAGGED) goes to the number's webhook.
     */
    async updateQuality(phoneNumberId: string, event: string, change: { tier?: string; qualityRating?: string } = {}): Promise<number> {
      const number = registered(phoneNumberId);
      const oldTier = number.messagingLimitTier ?? DEFAULT_TIER;
      if (change.tier) number.messagingLimitTier = change.tier;
      if (change.qualityRating) number.qualityRating = change.qualityRating;
      return postSigned(number.webhookUrl, qualityUpdateBody(number, event, { tier: number.messagingLimitTier ?? DEFAULT_TIER, oldTier }), number.appSecret);
    },
    /** `error` answers every call with 500 (code 2); `hang` accepts connections and never answers. */
    setAvailability(state: Availability): void {
      availability = state;
    },
    setWebhookUrl(phoneNumberId: string, url: string): void {
      const number = numbers.get(phoneNumberId);
      if (!number) throw new Error(`Unknown phone number id ${phoneNumberId}`);
      number.webhookUrl = url;
    },
    /** A contact writes to a number: Meta's delivery, signed, POSTed once to the number's webhook. */
    async deliverInbound(phoneNumberId: string, spec: InboundSpec): Promise<{ id: string; status: number }> {
      const number = registered(phoneNumberId);
      const id = spec.id ?? newWamid();
      return { id, status: await postSigned(number.webhookUrl, inboundBody(number, { ...spec, id }), number.appSecret) };
    },
    /** POSTs any body (a string as is) to the number's webhook, signed unless `signature` says otherwise (`null`: no header). */
    async deliverRaw(phoneNumberId: string, body: unknown, options: { signature?: string | null } = {}): Promise<number> {
      const number = registered(phoneNumberId);
      return postSigned(number.webhookUrl, body, number.appSecret, options.signature);
    },
    /** Forgets sends, uploads, templates, tier and quality changes, injected faults, recipient rules, rate windows and pending callbacks. */
    reset(): void {
      records.reset();
      templates.reset();
      failures.length = 0;
      sendFailures.length = 0;
      recipientRules.clear();
      throughput.reset();
      pairRate.reset();
      webhooks.reset();
      for (const given of options.numbers) Object.assign(numbers.get(given.phoneNumberId)!, { messagingLimitTier: given.messagingLimitTier, qualityRating: given.qualityRating });
      availability = 'ok';
    },
    async stop(): Promise<void> {
      webhooks.cancelAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeWhatsAppCloud = Awaited<ReturnType<typeof startFakeWhatsAppCloud>>;
