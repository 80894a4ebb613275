import { ProviderError } from '../provider-error';
import { UChatClient } from './client';
import { startFakeUChat, type FakeUChat } from './testing/fake-server';

const TOKEN = 'uchat_tok_7QmVx2Lw9RkP4sTz8NbY3cHd';
const OTHER_TOKEN = 'uchat_tok_other_bot_000000000000';
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ProviderError);

describe('UChatClient against the loopback API', () => {
  let fake: FakeUChat;
  const client = (token = TOKEN, timeoutMs?: number) => new UChatClient({ baseUrl: fake.baseUrl, token, timeoutMs });

  beforeAll(async () => {
    fake = await startFakeUChat({
      bots: [
        {
          token: TOKEN,
          botId: 'f190385',
          subFlows: [{ ns: 'f190385s2693635', name: 'Agendar visita' }],
          userFields: [{ name: 'presupuesto', type: 'number' }],
          subscribers: [{ userNs: 'f190385u394247863', firstName: 'Vanessa', lastName: 'Pérez', phone: '+5215512345678' }],
        },
        { token: OTHER_TOKEN, botId: 'f200001' },
      ],
    });
  });
  afterAll(() => fake.stop());

  it('sends text with the adapter wire names', async () => {
    const requests: { method?: string; url: string; body: unknown }[] = [];
    const recording: typeof fetch = (input, init) => {
      requests.push({ method: init?.method, url: String(input), body: JSON.parse(String(init?.body)) });
      return fetch(input, init);
    };
    await new UChatClient({ baseUrl: `${fake.baseUrl}/`, token: TOKEN, fetch: recording }).sendText('f190385u394247863', 'Hola Vanessa, ¿te queda bien el jueves?');

    expect(requests).toEqual([{ method: 'POST', url: `${fake.baseUrl}/subscriber/send-text`, body: { user_ns: 'f190385u394247863', content: 'Hola Vanessa, ¿te queda bien el jueves?' } }]);
    expect(fake.subscribers.get('f190385', 'f190385u394247863')!.texts).toEqual(['Hola Vanessa, ¿te queda bien el jueves?']);
  });

  it('sends a sub-flow, tags, sets a user field and reads the contact back', async () => {
    const uchat = client();
    await uchat.sendSubFlow('f190385u394247863', 'f190385s2693635');
    await uchat.addTag('f190385u394247863', 'visita-agendada');
    await uchat.addTag('f190385u394247863', 'lead-caliente');
    await uchat.removeTag('f190385u394247863', 'lead-caliente');
    await uchat.setUserField('f190385u394247863', 'presupuesto', 250000);

    expect(await uchat.getSubscriber('f190385u394247863')).toMatchObject({
      user_ns: 'f190385u394247863',
      name: 'Vanessa Pérez',
      tags: [{ name: 'visita-agendada' }],
      user_fields: [{ name: 'presupuesto', type: 'number', value: 250000 }],
    });
    expect(fake.subscribers.get('f190385', 'f190385u394247863')!.subFlows).toEqual(['f190385s2693635']);
    expect(fake.calls().map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual(
      expect.arrayContaining(['DELETE /subscriber/remove-tag-by-name 200', 'PUT /subscriber/set-user-field-by-name 200', 'GET /subscriber/get-info 200']),
    );
  });

  it('tests a token by counting the bot users', async () => {
    expect(await client().getBotInfo()).toEqual({ totalUsers: 1, usersByStatus: { open: 1, done: 0 } });
  });

  it.each([
    ['a wrong token', 'auth', /Unauthenticated/, () => client('uchat_tok_wrong').getBotInfo()],
    ['a contact of another bot', 'recipient', /Subscriber not found/, () => client(OTHER_TOKEN).sendText('f190385u394247863', 'hola')],
    ['an unknown contact', 'recipient', /Subscriber not found/, () => client().addTag('f190385u000', 'x')],
    ['an unknown sub-flow', 'not_found', /Sub flow not found/, () => client().sendSubFlow('f190385u394247863', 'f190385s1')],
    ['an unknown user field', 'not_found', /User field not found/, () => client().setUserField('f190385u394247863', 'color', 'rojo')],
    ['an empty text', 'invalid_request', /The content field is required/, () => client().sendText('f190385u394247863', '')],
  ] as const)('maps %s to %s, failing fast without quoting the token', async (_label, category, message, call) => {
    const error = await failure(call());
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'uchat', category, retryable: false });
    expect(error!.message).toMatch(message);
    expect(error!.message).not.toContain('uchat_tok');
  });

  it('retries a 429, keeping its Retry-After', async () => {
    fake.failNext(1, { httpStatus: 429, message: 'Too Many Attempts.', retryAfterSeconds: 30 });
    expect(await failure(client().sendText('f190385u394247863', 'hola'))).toMatchObject({ category: 'rate_limit', retryable: true, details: { httpStatus: 429, retryAfterSeconds: 30 } });
  });

  it('retries 5xx answers, timeouts and an unreachable API as temporary', async () => {
    fake.failNext(1, { httpStatus: 503 });
    expect(await failure(client().getBotInfo())).toMatchObject({ category: 'temporary', retryable: true, message: 'uchat: Server Error' });
    fake.failNext(1, 'hang');
    expect(await failure(client(TOKEN, 150).getBotInfo())).toMatchObject({ category: 'temporary', message: 'uchat: UChat timed out' });
    expect(await failure(new UChatClient({ baseUrl: 'http://127.0.0.1:9/api', token: TOKEN }).getBotInfo())).toMatchObject({ category: 'temporary', message: 'uchat: UChat could not be reached' });
  });

  it('masks the token when UChat quotes it back', async () => {
    fake.failNext(1, { httpStatus: 403, message: `Token ${TOKEN} lacks the Manage Flow scope` });
    expect(await failure(client().getBotInfo())).toMatchObject({ category: 'auth', message: 'uchat: Token ucha…3cHd lacks the Manage Flow scope' });
  });
});
