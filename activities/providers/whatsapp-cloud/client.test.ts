import { ProviderError } from '../provider-error';
import { WhatsAppCloudClient } from './client';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from './fake-server';

const number = { phoneNumberId: '1099887766', accessToken: 'EAAG-secret-token-123', displayPhoneNumber: '+54 11 5555-0000', appSecret: 'app-secret-for-tests' };

describe('WhatsAppCloudClient against the loopback Graph API', () => {
  let fake: FakeWhatsAppCloud;
  const client = (overrides: Partial<ConstructorParameters<typeof WhatsAppCloudClient>[0]> = {}) =>
    new WhatsAppCloudClient({ baseUrl: fake.baseUrl, apiVersion: 'v21.0', accessToken: number.accessToken, phoneNumberId: number.phoneNumberId, ...overrides });
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ProviderError);

  beforeAll(async () => {
    fake = await startFakeWhatsAppCloud({ numbers: [number], statuses: [] });
  });
  afterAll(() => fake.stop());

  it('sends text, templates, media and buttons in the Graph shape and returns the wamid', async () => {
    const text = await client().send('+5491155550101', { kind: 'text', body: 'Hola' }, 'key-1');
    expect(text.providerMessageId).toMatch(/^wamid\./);
    await client().send('+5491155550101', { kind: 'template', name: 'bienvenida', language: 'es_AR', bodyParameters: ['Ana'] });
    await client().send('+5491155550101', { kind: 'media', mediaKind: 'audio', link: 'https://cdn.example.com/nota.ogg' });
    await client().send('+5491155550101', { kind: 'buttons', body: '¿Te llamamos?', buttons: [{ id: 'si', title: 'Sí' }] });
    const bodies = fake.sentTo('5491155550101').map((message) => message.body);
    expect(bodies[0]).toMatchObject({ messaging_product: 'whatsapp', to: '5491155550101', type: 'text', text: { body: 'Hola' }, biz_opaque_callback_data: 'key-1' });
    expect(bodies[1]).toMatchObject({ type: 'template', template: { name: 'bienvenida', language: { code: 'es_AR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } });
    expect(bodies[2]).toMatchObject({ type: 'audio', audio: { link: 'https://cdn.example.com/nota.ogg' } });
    expect(bodies[3]).toMatchObject({ type: 'interactive', interactive: { type: 'button', action: { buttons: [{ type: 'reply', reply: { id: 'si', title: 'Sí' } }] } } });
  });

  it('uploads media and reads the phone number to test a connection', async () => {
    expect((await client().uploadMedia(new Uint8Array([1, 2, 3]), 'audio/ogg', 'nota.ogg')).id).toMatch(/^media-/);
    expect(await client().getPhoneNumber()).toMatchObject({ id: number.phoneNumberId, display_phone_number: number.displayPhoneNumber });
  });

  it('fails fast on a bad token, without repeating the token', async () => {
    const error = await failure(client({ accessToken: 'EAAG-wrong-token' }).send('+5491155550101', { kind: 'text', body: 'x' }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ category: 'auth', retryable: false, details: { code: '190', httpStatus: 401 } });
    expect(error!.message).not.toContain('EAAG-wrong-token');
  });

  it.each([
    [{ httpStatus: 400, code: 130429 }, 'rate_limit', true],
    [{ httpStatus: 400, code: 131056 }, 'rate_limit', true],
    [{ httpStatus: 500, code: 2 }, 'temporary', true],
    [{ httpStatus: 400, code: 131026 }, 'recipient', false],
    [{ httpStatus: 400, code: 131047 }, 'reengagement', false],
    [{ httpStatus: 400, code: 132001 }, 'template', false],
  ])('maps Graph error %j to %s (retryable: %s)', async (injected, category, retryable) => {
    fake.failNext(1, injected);
    const error = await failure(client().send('+5491155550101', { kind: 'text', body: 'x' }));
    expect(error).toMatchObject({ category, retryable });
  });

  it('treats an unreachable or hanging API as temporary', async () => {
    expect(await failure(client({ baseUrl: 'http://127.0.0.1:9' }).send('+5491155550101', { kind: 'text', body: 'x' }))).toMatchObject({ category: 'temporary' });
    fake.setAvailability('hang');
    const error = await failure(client({ timeoutMs: 300 }).send('+5491155550101', { kind: 'text', body: 'x' }));
    fake.setAvailability('ok');
    expect(error).toMatchObject({ category: 'temporary', retryable: true });
    expect(error!.details.httpStatus).toBeUndefined();
  });

  it('refuses an invalid recipient like Graph does', async () => {
    expect(await failure(client().send('not-a-number', { kind: 'text', body: 'x' }))).toMatchObject({ category: 'recipient' });
  });
});
