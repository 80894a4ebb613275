import express from 'express';
import type { AddressInfo } from 'node:net';
import { ProviderError } from '../provider-error';
import { SIGNATURE_HEADER, bridgeEvent, toDelivery, verifyBridgeSignature } from './bridge-api';
import { WhatsAppWebClient } from './client';
import { startFakeWhatsAppWebBridge, type FakeWhatsAppWebBridge } from './testing/fake-server';

const KEY = 'bridge-key-0123456789abcdef';
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ProviderError);

describe('WhatsAppWebClient against the loopback bridge', () => {
  let fake: FakeWhatsAppWebBridge;
  let receiver: ReturnType<express.Express['listen']>;
  let webhookUrl: string;
  const received: { session: string; raw: Buffer; signature?: string }[] = [];
  const client = (session: string, apiKey = KEY, timeoutMs?: number) => new WhatsAppWebClient({ baseUrl: fake.baseUrl, apiKey, session, timeoutMs });
  const secretOf = (session: string) => `secret-of-${session}-0123456789`;
  const started = async (session: string) => {
    await client(session).start({ url: `${webhookUrl}/${session}`, secret: secretOf(session) });
    return client(session);
  };
  const connected = async (session: string) => {
    const bridge = await started(session);
    fake.scan(session);
    return bridge;
  };
  const eventsOf = (session: string) => received.filter((event) => event.session === session).map((event) => toDelivery(bridgeEvent.parse(JSON.parse(event.raw.toString()))));
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(check()).toBe(true);
  };

  beforeAll(async () => {
    fake = await startFakeWhatsAppWebBridge({ apiKey: KEY, messagesPerMinute: 3, ackDelayMs: 5 });
    const app = express();
    app.post('/hook/:session', express.raw({ type: () => true }), (req, res) => {
      received.push({ session: req.params.session, raw: req.body as Buffer, signature: req.header(SIGNATURE_HEADER) });
      res.sendStatus(200);
    });
    receiver = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => receiver.once('listening', resolve));
    webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await fake.stop();
    receiver.closeAllConnections();
    receiver.close();
  });

  it('pairs a session with its QR code, then connects once the phone scans it', async () => {
    const bridge = client('tenant-a');
    expect(await bridge.start({ url: `${webhookUrl}/tenant-a`, secret: secretOf('tenant-a') })).toEqual({ session: 'tenant-a', status: 'SCAN_QR' });
    const qr = await bridge.qr();
    expect(qr.qr).toMatch(/^2@/);
    expect(qr.image).toMatch(/^data:image\/svg\+xml;base64,/);
    fake.scan('tenant-a', '5491144443333');
    expect(await bridge.status()).toEqual({ session: 'tenant-a', status: 'CONNECTED', me: { phone: '5491144443333', name: 'Inmobiliaria' } });
    expect(await failure(bridge.qr())).toMatchObject({ category: 'invalid_request', details: { code: 'session_not_scanning', httpStatus: 409 } });
    await until(() => eventsOf('tenant-a').some((event) => event.kind === 'connection' && event.status === 'CONNECTED'));
  });

  it('refuses to send before the session is connected, with a clear reason that is not retried', async () => {
    const bridge = await started('tenant-b');
    const error = await failure(bridge.send({ to: '5491155550001', text: { body: 'Hola' } }));
    expect(error).toMatchObject({ category: 'auth', retryable: false, details: { code: 'session_not_connected', httpStatus: 409 } });
    expect(error!.message).toContain('scan the QR code');
  });

  it('sends text and media, and reports signed acks carrying our reference to the session webhook only', async () => {
    const bridge = await connected('tenant-c');
    const other = await connected('tenant-d');
    const { id } = await bridge.send({ to: '5491155550002', reference: 'key-1', text: { body: 'Hola Marta' } });
    const { mediaId } = await bridge.uploadMedia(new Uint8Array([1, 2, 3]), 'audio/ogg', 'nota de voz.ogg');
    await bridge.send({ to: '5491155550002', media: { kind: 'audio', mediaId } });
    expect(await failure(other.send({ to: '5491155550002', media: { kind: 'audio', mediaId } }))).toMatchObject({ category: 'invalid_request', details: { code: 'invalid_request' } });
    await until(() => eventsOf('tenant-c').filter((event) => event.kind === 'status').length === 6);
    const acks = eventsOf('tenant-c').flatMap((event) => (event.kind === 'status' && event.update.providerMessageId === id ? [event.update] : []));
    // Deliveries may overtake one another, as with a real bridge.
    expect(acks.map((ack) => ack.status).sort()).toEqual(['delivered', 'read', 'sent']);
    for (const ack of acks) expect(ack).toMatchObject({ callbackData: 'key-1', recipient: '5491155550002' });
    for (const event of received.filter((item) => item.session === 'tenant-c')) expect(verifyBridgeSignature(event.raw, event.signature, secretOf('tenant-c'))).toBe(true);
    expect(received.filter((item) => item.session === 'tenant-c').every((event) => !verifyBridgeSignature(event.raw, event.signature, secretOf('tenant-d')))).toBe(true);
    expect(fake.sent('tenant-d')).toHaveLength(0);
  });

  it('keeps sessions apart: one session never sees another one', async () => {
    await connected('tenant-e');
    expect(await failure(client('tenant-unknown').status())).toMatchObject({ category: 'not_found', details: { code: 'session_not_found' } });
    expect((await client('tenant-b').status()).status).toBe('SCAN_QR');
    await client('tenant-e').logout();
    expect(await client('tenant-e').status()).toEqual({ session: 'tenant-e', status: 'DISCONNECTED' });
    expect((await client('tenant-a').status()).status).toBe('CONNECTED');
  });

  it('asks to slow down with 429 and Retry-After, which is retried', async () => {
    const bridge = await connected('tenant-f');
    for (const n of [1, 2, 3]) await bridge.send({ to: '5491155550003', text: { body: `uno ${n}` } });
    expect(await failure(bridge.send({ to: '5491155550003', text: { body: 'cuatro' } }))).toMatchObject({ category: 'rate_limit', retryable: true, details: { code: 'rate_limited', httpStatus: 429, retryAfterSeconds: 60 } });
  });

  it.each([
    ['a wrong API key', 'auth', 'unauthorized', () => client('tenant-a', 'wrong-key-000000000000').status()],
    ['a recipient not on WhatsApp', 'recipient', 'not_on_whatsapp', () => (fake.markNotOnWhatsApp('+5491100000000'), client('tenant-a').send({ to: '5491100000000', text: { body: 'Hola' } }))],
    ['an empty text', 'invalid_request', 'invalid_request', () => client('tenant-a').send({ to: '5491155550004', text: { body: ' ' } })],
    ['media without a source', 'invalid_request', 'invalid_request', () => client('tenant-a').send({ to: '5491155550004', media: { kind: 'image' } })],
  ] as const)('maps %s to %s, failing fast', async (_label, category, code, call) => {
    expect(await failure(call())).toMatchObject({ category, retryable: false, details: { code } });
  });

  it('retries 5xx answers, timeouts and an unreachable bridge as temporary, without leaking the key', async () => {
    fake.failNext(1, { httpStatus: 500, code: 'internal', message: `boom with ${KEY}` });
    const error = await failure(client('tenant-a').status());
    expect(error).toMatchObject({ category: 'temporary', retryable: true, details: { httpStatus: 500 } });
    expect(error!.message).not.toContain(KEY);
    fake.failNext(1, 'hang');
    expect(await failure(client('tenant-a', KEY, 150).status())).toMatchObject({ category: 'temporary', message: 'whatsapp_web: The WhatsApp Web bridge timed out', details: {} });
    expect(await failure(new WhatsAppWebClient({ baseUrl: 'http://127.0.0.1:9', apiKey: KEY, session: 'x' }).status())).toMatchObject({ category: 'temporary', message: 'whatsapp_web: The WhatsApp Web bridge could not be reached' });
  });

  it('posts inbound messages signed with the session secret', async () => {
    await connected('tenant-g');
    expect(await fake.deliverInbound('tenant-g', { from: '+5491155550005', text: 'Quiero ver el depto', id: 'in-1' })).toBe(200);
    const [message] = eventsOf('tenant-g').filter((event) => event.kind === 'message');
    expect(message).toMatchObject({ kind: 'message', session: 'tenant-g', message: { providerMessageId: 'in-1', contact: '+5491155550005', type: 'text', text: 'Quiero ver el depto' } });
  });

  it('hands over the media a contact sent, in the session it came to only', async () => {
    await connected('tenant-h');
    const photo = Buffer.from('a photo of the kitchen');
    await fake.deliverInbound('tenant-h', { from: '+5491155550006', id: 'in-photo', media: { kind: 'image', bytes: photo, mimeType: 'image/jpeg', caption: 'La cocina' } });
    const [event] = eventsOf('tenant-h').filter((delivery) => delivery.kind === 'message');
    expect(event).toMatchObject({ message: { type: 'image', media: { mimeType: 'image/jpeg', caption: 'La cocina' } } });
    const mediaId = event!.kind === 'message' ? event!.message.media!.id : '';
    const downloaded = await client('tenant-h').downloadMedia(mediaId);
    expect(downloaded.mimeType).toBe('image/jpeg');
    expect(Buffer.compare(Buffer.from(downloaded.bytes), photo)).toBe(0);
    expect(await failure(client('tenant-a').downloadMedia(mediaId))).toMatchObject({ category: 'not_found', details: { code: 'media_not_found' } });
  });
});
