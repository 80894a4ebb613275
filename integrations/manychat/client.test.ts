import { ProviderError } from '../provider-error';
import { ManyChatClient } from './client';
import { audioMessage, fileMessage, imageMessage, textMessage } from './content';
import { startFakeManyChat, type FakeManyChat } from './testing/fake-server';

const KEY = '104471234:9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const STRICT_KEY = '104479999:0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ProviderError);

describe('ManyChatClient against the loopback API', () => {
  let fake: FakeManyChat;
  const client = (apiKey = KEY, timeoutMs?: number) => new ManyChatClient({ baseUrl: fake.baseUrl, apiKey, timeoutMs });

  beforeAll(async () => {
    fake = await startFakeManyChat({
      pages: [
        { apiKey: KEY, pageId: '104471234', name: 'Inmobiliaria Palermo', subscribers: [{ id: '5501', first_name: 'Marta', last_name: 'Gómez', whatsapp_phone: '+5491155550101' }] },
        { apiKey: STRICT_KEY, pageId: '104479999', name: 'Propiedades Norte', tags: ['lead-caliente'], customFields: [{ name: 'presupuesto', type: 'number' }], flows: ['content20260101'], subscribers: [{ id: '7701' }] },
      ],
    });
  });
  afterAll(() => fake.stop());

  it('sends text, audio, image and file content in the v2 dynamic-block format', async () => {
    const messages = [textMessage('Hola Marta, te paso la ficha'), audioMessage('https://cdn.astor.test/a.mp3'), imageMessage('https://cdn.astor.test/p.jpg'), fileMessage('https://cdn.astor.test/f.pdf')];
    await client().sendContent('5501', messages, 'CONFIRMED_EVENT_UPDATE');

    const call = fake.calls().find((each) => each.path === '/fb/sending/sendContent')!;
    expect(call).toMatchObject({ pageId: '104471234', status: 200 });
    expect(call.body).toEqual({ subscriber_id: '5501', data: { version: 'v2', content: { messages } }, message_tag: 'CONFIRMED_EVENT_UPDATE' });
    expect(fake.subscribers.get('104471234', '5501')!.received.at(-1)).toEqual({ messages, messageTag: 'CONFIRMED_EVENT_UPDATE' });
  });

  it('starts a flow, tags, sets fields and reads the subscriber back', async () => {
    const manychat = client(STRICT_KEY);
    await manychat.sendFlow('7701', 'content20260101');
    await manychat.addTag('7701', 'lead-caliente');
    await manychat.setCustomField('7701', 'presupuesto', 180000);
    expect(await manychat.getSubscriber('7701')).toMatchObject({ id: '7701', tags: [{ name: 'lead-caliente' }], custom_fields: [{ name: 'presupuesto', type: 'number', value: 180000 }] });
    await manychat.removeTag('7701', 'lead-caliente');
    expect((await manychat.getSubscriber('7701')).tags).toEqual([]);
    expect(fake.subscribers.get('104479999', '7701')!.flows).toEqual(['content20260101']);
  });

  it('tests a key by reading its page', async () => {
    expect(await client().getPageInfo()).toMatchObject({ id: '104471234', name: 'Inmobiliaria Palermo' });
  });

  it.each([
    ['a wrong key', 'auth', /Wrong token/, () => client('104471234:00000000000000000000000000000000').getPageInfo()],
    ['a malformed key', 'auth', /Wrong format token/, () => client('not-a-manychat-key').getPageInfo()],
    ['a key of another page', 'recipient', /Subscriber does not exist/, () => client(STRICT_KEY).sendContent('5501', [textMessage('hola')])],
    ['an unknown subscriber', 'recipient', /Subscriber does not exist/, () => client().sendFlow('999', 'content1')],
    ['an empty text', 'invalid_request', /messages\[0\]\.text is required/, () => client().sendContent('5501', [textMessage(' ')])],
    ['a tag the page lacks', 'invalid_request', /Tag vip not found/, () => client(STRICT_KEY).addTag('7701', 'vip')],
    ['a number field given text', 'invalid_request', /does not fit a number field/, () => client(STRICT_KEY).setCustomField('7701', 'presupuesto', 'mucho')],
    ['a flow the page lacks', 'invalid_request', /Flow nope not found/, () => client(STRICT_KEY).sendFlow('7701', 'nope')],
  ] as const)('maps %s to %s, failing fast without quoting the key', async (_label, category, message, call) => {
    const error = await failure(call());
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'manychat', category, retryable: false });
    expect(error!.message).toMatch(message);
    expect(error!.message).not.toMatch(/9f8e7d6c|0a1b2c3d|00000000|not-a-manychat-key/);
  });

  it('retries a 429, keeping the Retry-After ManyChat gives', async () => {
    fake.failNext(1, { httpStatus: 429, message: 'Too many requests', retryAfterSeconds: 7 });
    expect(await failure(client().sendContent('5501', [textMessage('hola')]))).toMatchObject({ category: 'rate_limit', retryable: true, details: { httpStatus: 429, retryAfterSeconds: 7 } });
  });

  it('retries 5xx answers, timeouts and an unreachable API as temporary', async () => {
    fake.failNext(1, { httpStatus: 502, message: 'Bad gateway' });
    expect(await failure(client().getPageInfo())).toMatchObject({ category: 'temporary', retryable: true, details: { httpStatus: 502 } });
    fake.failNext(1, 'hang');
    expect(await failure(client(KEY, 150).getPageInfo())).toMatchObject({ category: 'temporary', message: 'manychat: ManyChat timed out' });
    expect(await failure(new ManyChatClient({ baseUrl: 'http://127.0.0.1:9', apiKey: KEY }).getPageInfo())).toMatchObject({ category: 'temporary', message: 'manychat: ManyChat could not be reached' });
  });

  it('masks the key when ManyChat quotes it back', async () => {
    fake.failNext(1, { httpStatus: 400, message: `Token ${KEY} has no access to this page` });
    const error = await failure(client().getPageInfo());
    expect(error!.message).toBe('manychat: Token 1044…b1a0 has no access to this page');
  });
});
