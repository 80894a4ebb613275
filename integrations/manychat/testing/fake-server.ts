import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { CustomFieldValue } from '../client';
import type { ManyChatMessage } from '../content';
import { externalRequest, type ExternalRequestResult, type ExternalRequestSpec } from './fake-external-request';
import { SlidingWindowLimiter } from './fake-rate-limiter';
import { subscriberDirectory, subscriberInfo, subscriberVariables, type CustomFieldType, type FakeSubscriber, type FakeSubscriberSeed } from './fake-subscribers';
import { fieldValueProblem, sendContentProblems } from './fake-validation';

export interface FakeManyChatPage {
  /** The bearer token, `<pageId>:<key>` as ManyChat issues it (anything else is "Wrong format token"). */
  apiKey: string;
  pageId: string;
  name: string;
  subscribers?: FakeSubscriberSeed[];
  /** Tags, custom fields and flows the page has. Omitted: any name is accepted; given: others are refused. */
  tags?: string[];
  customFields?: { name: string; type: CustomFieldType }[];
  flows?: string[];
}

/** ManyChat's published limits: requests per second per page and endpoint, flows per subscriber per hour. */
export const MANYCHAT_LIMITS = { sendContent: 25, sendFlow: 20, subscriberWrites: 10, flowsPerSubscriberPerHour: 100 };

export interface FakeManyChatOptions {
  pages: FakeManyChatPage[];
  limits?: Partial<typeof MANYCHAT_LIMITS>;
  /** The clock the rate limits read, so tests can hold time still. */
  now?: () => number;
}

export interface FakeManyChatCall {
  pageId?: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  /** 0 while unanswered. */
  status: number;
}

/** A failure the next authenticated calls answer with, or 'hang' for a call that is never answered. */
export type FakeManyChatFailure = { httpStatus: number; message?: string; retryAfterSeconds?: number } | 'hang';

type Body = Record<string, unknown>;

const succeed = (res: Response, data?: unknown) => res.json({ status: 'success', ...(data === undefined ? {} : { data }) });
const fail = (res: Response, httpStatus: number, message: string, details?: unknown) => res.status(httpStatus).json({ status: 'error', message, ...(details ? { details } : {}) });
const refuse = (res: Response, problems: string[]) => fail(res, 400, 'Validation error', { messages: problems.map((message) => ({ message })) });
const bearer = (req: Request) => /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';

/**
 * A loopback ManyChat page API: bearer page keys, `{status, data}` envelopes, ManyChat's
 * per-endpoint rate limits (429 with Retry-After), known subscribers per page, validation errors,
 * fault injection, and the External Request a flow makes to Astor.
 */
export async function startFakeManyChat(options: FakeManyChatOptions) {
  const pages = new Map(options.pages.map((page) => [page.apiKey, page]));
  const subscribers = subscriberDirectory();
  for (const page of options.pages) for (const seed of page.subscribers ?? []) subscribers.register(page.pageId, seed);
  const limits = { ...MANYCHAT_LIMITS, ...options.limits };
  const limiter = new SlidingWindowLimiter(options.now);
  const calls: FakeManyChatCall[] = [];
  const failures: FakeManyChatFailure[] = [];
  const page = (res: Response) => res.locals.page as FakeManyChatPage;
  const known = (list: string[] | undefined, name: unknown) => typeof name === 'string' && name !== '' && (!list || list.includes(name));
  const fieldTypes = (of: FakeManyChatPage) => new Map((of.customFields ?? []).map((field) => [field.name, field.type]));

  function overLimit(res: Response, key: string, limit: number, windowMs: number): boolean {
    const wait = limiter.take(key, limit, windowMs);
    if (wait) fail(res.set('Retry-After', String(wait)), 429, 'Too many requests, slow down');
    return wait > 0;
  }

  /** The request's subscriber on the key's page, or the error ManyChat answers (then undefined). */
  function subscriberOf(res: Response, subscriberId: unknown): FakeSubscriber | undefined {
    const subscriber = subscriberId ? subscribers.get(page(res).pageId, String(subscriberId)) : undefined;
    if (!subscriber) refuse(res, [subscriberId ? 'Subscriber does not exist' : 'subscriber_id is required']);
    return subscriber;
  }

  const app = express();
  app.use((req, res, next) => {
    const call: FakeManyChatCall = { method: req.method, path: req.path, query: { ...req.query }, body: undefined, status: 0 };
    calls.push(call);
    res.on('finish', () => Object.assign(call, { status: res.statusCode, pageId: (res.locals.page as FakeManyChatPage | undefined)?.pageId, body: req.body as unknown }));
    next();
  });
  app.use(express.json());
  app.use((req, res, next) => {
    const token = bearer(req);
    if (!/^\d+:\w+$/.test(token)) return fail(res, 401, 'Wrong format token');
    if (!pages.has(token)) return fail(res, 401, 'Wrong token');
    res.locals.page = pages.get(token);
    const failure = failures.shift();
    if (failure === 'hang') return;
    if (failure) return fail(failure.retryAfterSeconds ? res.set('Retry-After', String(failure.retryAfterSeconds)) : res, failure.httpStatus, failure.message ?? 'Internal server error');
    next();
  });

  app.get('/fb/page/getInfo', (_req, res) => {
    succeed(res, { id: page(res).pageId, name: page(res).name, category: 'Real Estate Agent', timezone: 'America/Argentina/Buenos_Aires', is_pro: true });
  });

  app.get('/fb/subscriber/getInfo', (req, res) => {
    const subscriber = subscriberOf(res, req.query.subscriber_id);
    if (subscriber) succeed(res, subscriberInfo(page(res).pageId, subscriber, fieldTypes(page(res))));
  });

  app.post('/fb/sending/sendContent', (req, res) => {
    const body = (req.body ?? {}) as Body;
    if (overLimit(res, `${page(res).pageId}:sendContent`, limits.sendContent, 1000)) return;
    const problems = sendContentProblems(body);
    if (problems.length) return refuse(res, problems);
    const subscriber = subscriberOf(res, body.subscriber_id);
    if (!subscriber) return;
    const content = (body.data as { content: { messages: ManyChatMessage[] } }).content;
    subscriber.received.push({ messages: content.messages, ...(body.message_tag ? { messageTag: String(body.message_tag) } : {}) });
    succeed(res);
  });

  app.post('/fb/sending/sendFlow', (req, res) => {
    const body = (req.body ?? {}) as Body;
    if (overLimit(res, `${page(res).pageId}:sendFlow`, limits.sendFlow, 1000)) return;
    if (!known(page(res).flows, body.flow_ns)) return refuse(res, [body.flow_ns ? `Flow ${String(body.flow_ns)} not found` : 'flow_ns is required']);
    const subscriber = subscriberOf(res, body.subscriber_id);
    if (!subscriber || overLimit(res, `${page(res).pageId}:sendFlow:${subscriber.id}`, limits.flowsPerSubscriberPerHour, 3_600_000)) return;
    subscriber.flows.push(String(body.flow_ns));
    succeed(res);
  });

  const tagRoute = (path: string, apply: (subscriber: FakeSubscriber, tag: string) => void) =>
    app.post(path, (req, res) => {
      const body = (req.body ?? {}) as Body;
      if (overLimit(res, `${page(res).pageId}:${path}`, limits.subscriberWrites, 1000)) return;
      if (!known(page(res).tags, body.tag_name)) return refuse(res, [body.tag_name ? `Tag ${String(body.tag_name)} not found` : 'tag_name is required']);
      const subscriber = subscriberOf(res, body.subscriber_id);
      if (!subscriber) return;
      apply(subscriber, String(body.tag_name));
      succeed(res);
    });
  tagRoute('/fb/subscriber/addTagByName', (subscriber, tag) => {
    subscriber.tags = [...new Set([...subscriber.tags, tag])];
  });
  tagRoute('/fb/subscriber/removeTagByName', (subscriber, tag) => {
    subscriber.tags = subscriber.tags.filter((name) => name !== tag);
  });

  app.post('/fb/subscriber/setCustomFieldByName', (req, res) => {
    const body = (req.body ?? {}) as Body;
    if (overLimit(res, `${page(res).pageId}:setCustomFieldByName`, limits.subscriberWrites, 1000)) return;
    const name = body.field_name;
    if (!known(page(res).customFields?.map((field) => field.name), name)) return refuse(res, [name ? `Field ${String(name)} not found` : 'field_name is required']);
    const value = (body.field_value ?? null) as CustomFieldValue;
    const type = fieldTypes(page(res)).get(String(name));
    const problem = type && fieldValueProblem(type, value);
    if (problem) return refuse(res, [problem]);
    const subscriber = subscriberOf(res, body.subscriber_id);
    if (!subscriber) return;
    subscriber.customFields[String(name)] = value;
    succeed(res);
  });

  app.use((_req, res) => fail(res, 404, 'Method not found'));
  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => fail(res, error.status ?? 500, error.status ? 'Invalid JSON body' : 'Internal server error'));

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));

  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls.map((call) => ({ ...call })),
    subscribers,
    failNext: (count: number, failure: FakeManyChatFailure) => failures.push(...Array.from({ length: count }, () => failure)),
    /** A flow's External Request action reaching Astor, with this subscriber's fields as variables. */
    async externalRequest(url: string, spec: ExternalRequestSpec, from?: { pageId: string; subscriberId: string }): Promise<ExternalRequestResult> {
      const subscriber = from && subscribers.get(from.pageId, from.subscriberId);
      if (from && !subscriber) throw new Error(`the fake ManyChat page ${from.pageId} has no subscriber ${from.subscriberId}`);
      return externalRequest(url, spec, subscriber ? subscriberVariables(subscriber) : {});
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeManyChat = Awaited<ReturnType<typeof startFakeManyChat>>;
