import { freePort } from '../../testing/free-port';
import { ProviderError } from '../provider-error';
import { WhatsAppCloudClient, type WhatsAppCloudClientOptions } from './client';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from './testing/fake-server';

const number = { phoneNumberId: '1099887766', accessToken: 'EAAG-secret-token-123', displayPhoneNumber: '+54 11 5555-0000', appSecret: 'app-secret-for-tests' };
const CONTACT = '+5491155550101';

describe('WhatsAppCloudClient against the loopback Graph API', () => {
  let fake: FakeWhatsAppCloud;
  const client = (overrides: Partial<WhatsAppCloudClientOptions> = {}) =>
    new WhatsAppCloudClient({ baseUrl: fake.baseUrl, apiVersion: 'v21.0', accessToken: number.accessToken, phoneNumberId: number.phoneNumberId, ...overrides });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(ProviderError);
        return error as ProviderError;
      },
    );
  const lastBody = () => fake.sent().at(-1)!.body;

  beforeAll(async () => {
    fake = await startFakeWhatsAppCloud({ numbers: [number], statuses: [] });
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.stop());

  it('sends text to the number without its plus sign and returns the wamid Graph assigned', async () => {
    const result = await client().sendText(CONTACT, 'Hola, ¿cómo estás?', { previewUrl: true, callbackData: 'key-1' });
    const [sent] = fake.sentTo(CONTACT);
    expect(result).toEqual({ providerMessageId: sent!.wamid, waId: '5491155550101' });
    expect(result.providerMessageId).toMatch(/^wamid\./);
    expect(sent!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '5491155550101',
      type: 'text',
      text: { body: 'Hola, ¿cómo estás?', preview_url: true },
      biz_opaque_callback_data: 'key-1',
    });
  });

  it('sends templates with their components', async () => {
    const components = [
      { type: 'header' as const, parameters: [{ type: 'image' as const, image: { link: 'https://cdn.example.com/depto.jpg' } }] },
      { type: 'body' as const, parameters: [{ type: 'text' as const, text: 'Ana' }] },
      { type: 'button' as const, sub_type: 'quick_reply' as const, index: 0, parameters: [{ type: 'payload' as const, payload: 'visit-yes' }] },
    ];
    await client().sendTemplate(CONTACT, { name: 'visita_confirmar', languageCode: 'es_AR', components });
    expect(lastBody()).toMatchObject({ type: 'template', template: { name: 'visita_confirmar', language: { code: 'es_AR' }, components } });
  });

  it('sends media by uploaded id or link, keeping captions and filenames only where Graph takes them', async () => {
    const { id } = await client().uploadMedia(new Uint8Array([0x4f, 0x67, 0x67, 0x53]), 'audio/ogg; codecs=opus', 'nota.ogg');
    await client().sendMedia(CONTACT, { kind: 'audio', id, caption: 'ignored' });
    expect(lastBody()).toMatchObject({ type: 'audio', audio: { id } });
    expect(lastBody().audio).toEqual({ id });
    await client().sendMedia(CONTACT, { kind: 'document', link: 'https://cdn.example.com/plano.pdf', caption: 'Plano', filename: 'plano.pdf' });
    expect(lastBody()).toMatchObject({ type: 'document', document: { link: 'https://cdn.example.com/plano.pdf', caption: 'Plano', filename: 'plano.pdf' } });
    await client().sendMedia(CONTACT, { kind: 'image', link: 'https://cdn.example.com/frente.jpg', caption: 'Frente', filename: 'frente.jpg' });
    expect(lastBody().image).toEqual({ link: 'https://cdn.example.com/frente.jpg', caption: 'Frente' });
  });

  it('sends reply buttons, lists and locations', async () => {
    const buttons = { type: 'button' as const, body: { text: '¿Te llamamos?' }, action: { buttons: [{ type: 'reply' as const, reply: { id: 'si', title: 'Sí' } }] } };
    await client().sendInteractive(CONTACT, buttons);
    expect(lastBody()).toMatchObject({ type: 'interactive', interactive: buttons });
    const list = { type: 'list' as const, body: { text: 'Elegí una propiedad' }, action: { button: 'Ver', sections: [{ title: 'Palermo', rows: [{ id: 'p-1', title: 'Depto 2 amb' }] }] } };
    await client().sendInteractive(CONTACT, list);
    expect(lastBody()).toMatchObject({ type: 'interactive', interactive: list });
    await client().sendLocation(CONTACT, { latitude: -34.58, longitude: -58.42, name: 'Oficina', address: 'Thames 1234' });
    expect(lastBody()).toMatchObject({ type: 'location', location: { latitude: -34.58, longitude: -58.42, name: 'Oficina', address: 'Thames 1234' } });
  });

  it("maps Astor's channel-neutral content onto Graph messages with the idempotency key as callback data", async () => {
    await client().send(CONTACT, { kind: 'text', body: 'Hola' }, 'key-2');
    await client().send(CONTACT, { kind: 'template', name: 'bienvenida', language: 'es_AR', bodyParameters: ['Ana'] });
    await client().send(CONTACT, { kind: 'media', mediaKind: 'audio', link: 'https://cdn.example.com/nota.ogg' });
    await client().send(CONTACT, { kind: 'buttons', body: '¿Te llamamos?', buttons: [{ id: 'si', title: 'Sí' }] });
    const bodies = fake.sentTo(CONTACT).map((message) => message.body);
    expect(bodies[0]).toMatchObject({ type: 'text', text: { body: 'Hola', preview_url: false }, biz_opaque_callback_data: 'key-2' });
    expect(bodies[1]).toMatchObject({ type: 'template', template: { name: 'bienvenida', language: { code: 'es_AR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } });
    expect(bodies[2]).toMatchObject({ type: 'audio', audio: { link: 'https://cdn.example.com/nota.ogg' } });
    expect(bodies[3]).toMatchObject({ type: 'interactive', interactive: { type: 'button', action: { buttons: [{ type: 'reply', reply: { id: 'si', title: 'Sí' } }] } } });
    expect(await failure(client().send(CONTACT, { kind: 'media', mediaKind: 'image' }))).toMatchObject({ category: 'invalid_request' });
    expect(fake.sentTo(CONTACT)).toHaveLength(4);
  });

  it('uploads media as multipart and reads the phone number to test a connection', async () => {
    const bytes = new Uint8Array([0xff, 0xfb, 0x90, 0x64, 1, 2, 3]);
    const { id } = await client().uploadMedia(bytes, 'audio/mpeg', 'saludo.mp3');
    expect(fake.uploads()).toEqual([expect.objectContaining({ id, phoneNumberId: number.phoneNumberId, mimeType: 'audio/mpeg', filename: 'saludo.mp3', size: 7 })]);
    expect(fake.uploads()[0]!.bytes.equals(Buffer.from(bytes))).toBe(true);
    expect(await client().getPhoneNumber()).toEqual({
      id: number.phoneNumberId,
      display_phone_number: number.displayPhoneNumber,
      verified_name: 'Fake Business',
      quality_rating: 'GREEN',
      whatsapp_business_manager_messaging_limit: 'TIER_2K',
    });
  });

  it('fails fast on a bad token, without repeating the token', async () => {
    const error = await failure(client({ accessToken: 'EAAG-wrong-token' }).sendText(CONTACT, 'x'));
    expect(error).toMatchObject({ category: 'auth', retryable: false, details: { code: '190', httpStatus: 401 } });
    expect(error.message).toContain('Invalid OAuth access token');
    expect(error.message).not.toContain('EAAG-wrong-token');
    expect(fake.sent()).toHaveLength(0);
  });

  it('never repeats the token even when an answer quotes it', async () => {
    fake.failNext(1, { httpStatus: 400, code: 100, message: `Invalid parameter near ${number.accessToken}` });
    const error = await failure(client().sendText(CONTACT, 'x'));
    expect(error.message).not.toContain(number.accessToken);
    expect(error.message).toContain('[redacted]');
  });

  it.each([
    [{ httpStatus: 400, code: 130429 }, 'rate_limit', true],
    [{ httpStatus: 400, code: 4 }, 'rate_limit', true],
    [{ httpStatus: 400, code: 80007 }, 'rate_limit', true],
    [{ httpStatus: 400, code: 131048 }, 'rate_limit', true],
    [{ httpStatus: 400, code: 131056 }, 'recipient_rate_limit', true],
    [{ httpStatus: 400, code: 131049 }, 'declined', false],
    [{ httpStatus: 500, code: 2 }, 'temporary', true],
    [{ httpStatus: 400, code: 131000 }, 'temporary', true],
    [{ httpStatus: 503, code: 131057 }, 'temporary', true],
    [{ httpStatus: 400, code: 131026 }, 'recipient', false],
    [{ httpStatus: 400, code: 131047 }, 'reengagement', false],
    [{ httpStatus: 400, code: 132001 }, 'template', false],
    [{ httpStatus: 400, code: 131009 }, 'invalid_request', false],
  ])('maps Graph error %j to %s (retryable: %s)', async (injected, category, retryable) => {
    fake.failNext(1, injected);
    const error = await failure(client().sendText(CONTACT, 'x'));
    expect(error).toMatchObject({ category, retryable, details: { code: String(injected.code), httpStatus: injected.httpStatus } });
  });

  it('passes on how long Graph asks to wait', async () => {
    fake.failNext(1, { httpStatus: 400, code: 130429, message: 'Rate limit hit', retryAfterSeconds: 7 });
    expect((await failure(client().sendText(CONTACT, 'x'))).details.retryAfterSeconds).toBe(7);
  });

  it('treats an unreachable, failing or hanging API as temporary', async () => {
    const unreachable = await failure(client({ baseUrl: `http://127.0.0.1:${await freePort()}` }).sendText(CONTACT, 'x'));
    expect(unreachable).toMatchObject({ category: 'temporary', retryable: true, message: 'whatsapp_cloud: The Graph API could not be reached (ECONNREFUSED)' });
    fake.setAvailability('error');
    expect(await failure(client().getPhoneNumber())).toMatchObject({ category: 'temporary', details: { httpStatus: 500 } });
    fake.setAvailability('hang');
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 300 }).sendText(CONTACT, 'x'));
    fake.setAvailability('ok');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ category: 'temporary', retryable: true });
    expect(error.details.httpStatus).toBeUndefined();
    expect(error.message).toContain('did not answer in time');
  });

  it('reads a non-JSON gateway answer by its status, through an injected fetch', async () => {
    const gateway: typeof fetch = () => Promise.resolve(new Response('<html>Bad Gateway</html>', { status: 502 }));
    expect(await failure(client({ fetch: gateway }).sendText(CONTACT, 'x'))).toMatchObject({ category: 'temporary', details: { httpStatus: 502 } });
  });

  it('refuses an invalid recipient like Graph does', async () => {
    expect(await failure(client().sendText('not-a-number', 'x'))).toMatchObject({ category: 'recipient', retryable: false, details: { code: '100' } });
    expect(fake.sent()).toHaveLength(0);
  });

  it('reports a phone number id the token cannot reach as not found', async () => {
    expect(await failure(client({ phoneNumberId: '4242424242' }).getPhoneNumber())).toMatchObject({ category: 'not_found', details: { code: '100', httpStatus: 400 } });
  });
});
