import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { fromWire, UCHAT_ENDPOINTS, type Endpoint, type UChatSubscriber, type UserFieldValue } from '../endpoints';

type FieldType = 'text' | 'number' | 'boolean' | 'date' | 'datetime';

export interface FakeUChatSubscriberSeed {
  userNs: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
  tags?: string[];
  fields?: Record<string, UserFieldValue>;
}

/** A contact as the fake keeps it, with what Astor made UChat do to it. */
export interface FakeUChatSubscriber extends Required<Omit<FakeUChatSubscriberSeed, 'phone' | 'email'>> {
  phone?: string;
  email?: string;
  texts: string[];
  subFlows: string[];
}

export interface FakeUChatBot {
  /** The workspace's API token. */
  token: string;
  botId: string;
  subscribers?: FakeUChatSubscriberSeed[];
  /** Sub-flows and user fields the bot has. Omitted: any is accepted; given: others are 404. Tags are created on use. */
  subFlows?: { ns: string; name: string }[];
  userFields?: { name: string; type: FieldType }[];
}

export interface FakeUChatCall {
  botId?: string;
  method: string;
  path: string;
  /** The arguments as the adapter reads them back from the wire. */
  args: Record<string, unknown>;
  /** 0 while unanswered. */
  status: number;
}

/** A failure the next authenticated calls answer with, or 'hang' for a call that is never answered. */
export type FakeUChatFailure = { httpStatus: number; message?: string; retryAfterSeconds?: number } | 'hang';

type Args<E> = E extends Endpoint<infer A> ? { [Name in keyof A]?: unknown } : never;

const failWith = (res: Response, httpStatus: number, message: string) => res.status(httpStatus).json({ status: 'error', message });
const required = (res: Response, wireNames: string[]) =>
  res.status(422).json({ message: wireNames.map((name) => `The ${name} field is required.`).join(' '), errors: Object.fromEntries(wireNames.map((name) => [name, [`The ${name} field is required.`]])) });

function subscriberInfo(subscriber: FakeUChatSubscriber, fieldTypes: Map<string, FieldType>): UChatSubscriber {
  return {
    user_ns: subscriber.userNs,
    name: `${subscriber.firstName} ${subscriber.lastName}`.trim(),
    first_name: subscriber.firstName,
    last_name: subscriber.lastName,
    phone: subscriber.phone ?? null,
    email: subscriber.email ?? null,
    channel: 'whatsapp',
    tags: subscriber.tags.map((name, index) => ({ tag_ns: `t${index + 1}`, name })),
    user_fields: Object.entries(subscriber.fields).map(([name, value], index) => ({ var_ns: `v${index + 1}`, name, type: fieldTypes.get(name) ?? 'text', value })),
  };
}

/**
 * A loopback UChat workspace API under `<baseUrl>` (which ends in `/api`, like UChat's), routing
 * and reading requests through the client's adapter table (`endpoints.ts`): bearer tokens per bot,
 * `{status: "ok", data}` answers, Laravel-style 401/422 errors, 404 for unknown subscribers,
 * sub-flows and user fields, and fault injection. UChat's own rate limits are not published, so
 * none is modelled: `failNext` with a 429 stands in for them.
 */
export async function startFakeUChat(options: { bots: FakeUChatBot[] }) {
  const bots = new Map(options.bots.map((bot) => [bot.token, bot]));
  const contacts = new Map<string, FakeUChatSubscriber>();
  const key = (botId: string, userNs: string) => `${botId}/${userNs}`;
  const subscribers = {
    register(botId: string, seed: FakeUChatSubscriberSeed): FakeUChatSubscriber {
      const subscriber = { firstName: '', lastName: '', ...seed, tags: [...(seed.tags ?? [])], fields: { ...seed.fields }, texts: [], subFlows: [] };
      contacts.set(key(botId, seed.userNs), subscriber);
      return subscriber;
    },
    get: (botId: string, userNs: string) => contacts.get(key(botId, userNs)),
  };
  for (const bot of options.bots) for (const seed of bot.subscribers ?? []) subscribers.register(bot.botId, seed);
  const calls: FakeUChatCall[] = [];
  const failures: FakeUChatFailure[] = [];

  const app = express();
  const api = express.Router();
  app.use('/api', api);
  api.use(express.json());
  api.use((req, res, next) => {
    const bot = bots.get(/^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '');
    const call: FakeUChatCall = { botId: bot?.botId, method: req.method, path: req.path, args: {}, status: 0 };
    calls.push(call);
    res.on('finish', () => (call.status = res.statusCode));
    res.locals.call = call;
    if (!bot) return res.status(401).json({ message: 'Unauthenticated.' });
    res.locals.bot = bot;
    const failure = failures.shift();
    if (failure === 'hang') return;
    if (failure) return failWith(failure.retryAfterSeconds ? res.set('Retry-After', String(failure.retryAfterSeconds)) : res, failure.httpStatus, failure.message ?? 'Server Error');
    next();
  });

  /** Routes an adapter endpoint: reads its arguments back through the wire names, refusing missing ones with 422. */
  function on<E extends Endpoint<object>>(endpoint: E, needs: (keyof Args<E>)[], handle: (bot: FakeUChatBot, args: Args<E>, res: Response) => void) {
    const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    api[method](endpoint.path, (req: Request, res: Response) => {
      const args = fromWire(endpoint, ((endpoint.method === 'GET' ? req.query : req.body) ?? {}) as Record<string, unknown>) as Args<E>;
      (res.locals.call as FakeUChatCall).args = args as Record<string, unknown>;
      const missing = needs.filter((name) => args[name] === undefined || args[name] === '');
      if (missing.length) return required(res, missing.map((name) => endpoint.wire[name as keyof typeof endpoint.wire]));
      handle(res.locals.bot as FakeUChatBot, args, res);
    });
  }

  const ok = (res: Response, data?: unknown) => res.json({ status: 'ok', ...(data === undefined ? {} : { data }) });
  const known = (list: string[] | undefined, name: unknown) => !list || list.includes(String(name));
  const fieldTypes = (bot: FakeUChatBot) => new Map((bot.userFields ?? []).map((field) => [field.name, field.type]));
  /** Answers with what `answer` makes of the contact the request names on the token's bot, or 404. */
  function withContact(bot: FakeUChatBot, userNs: unknown, res: Response, answer: (subscriber: FakeUChatSubscriber) => unknown) {
    const subscriber = subscribers.get(bot.botId, String(userNs));
    if (subscriber) ok(res, answer(subscriber));
    else failWith(res, 404, 'Subscriber not found.');
  }

  on(UCHAT_ENDPOINTS.sendText, ['userNs', 'text'], (bot, { userNs, text }, res) =>
    withContact(bot, userNs, res, (subscriber) => {
      subscriber.texts.push(String(text));
    }),
  );
  on(UCHAT_ENDPOINTS.sendSubFlow, ['userNs', 'subFlowNs'], (bot, { userNs, subFlowNs }, res) => {
    if (!known(bot.subFlows?.map((flow) => flow.ns), subFlowNs)) return failWith(res, 404, 'Sub flow not found.');
    withContact(bot, userNs, res, (subscriber) => {
      subscriber.subFlows.push(String(subFlowNs));
    });
  });
  on(UCHAT_ENDPOINTS.addTag, ['userNs', 'tagName'], (bot, { userNs, tagName }, res) =>
    withContact(bot, userNs, res, (subscriber) => {
      subscriber.tags = [...new Set([...subscriber.tags, String(tagName)])];
    }),
  );
  on(UCHAT_ENDPOINTS.removeTag, ['userNs', 'tagName'], (bot, { userNs, tagName }, res) =>
    withContact(bot, userNs, res, (subscriber) => {
      subscriber.tags = subscriber.tags.filter((name) => name !== tagName);
    }),
  );
  on(UCHAT_ENDPOINTS.setUserField, ['userNs', 'fieldName'], (bot, { userNs, fieldName, value }, res) => {
    if (!known(bot.userFields?.map((field) => field.name), fieldName)) return failWith(res, 404, 'User field not found.');
    withContact(bot, userNs, res, (subscriber) => {
      subscriber.fields[String(fieldName)] = (value ?? null) as UserFieldValue;
    });
  });
  on(UCHAT_ENDPOINTS.getSubscriber, ['userNs'], (bot, { userNs }, res) => withContact(bot, userNs, res, (subscriber) => subscriberInfo(subscriber, fieldTypes(bot))));
  on(UCHAT_ENDPOINTS.botUsersCount, [], (bot, _args, res) => {
    const count = [...contacts.keys()].filter((id) => id.startsWith(`${bot.botId}/`)).length;
    ok(res, [{ num: count, status: 'open' }, { num: 0, status: 'done' }]);
  });

  app.use((_req, res) => failWith(res, 404, 'Not Found'));
  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => failWith(res, error.status ?? 500, error.status ? 'Malformed JSON body' : 'Server Error'));

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));

  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    calls: () => calls.map((call) => ({ ...call })),
    subscribers,
    failNext: (count: number, failure: FakeUChatFailure) => failures.push(...Array.from({ length: count }, () => failure)),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeUChat = Awaited<ReturnType<typeof startFakeUChat>>;
