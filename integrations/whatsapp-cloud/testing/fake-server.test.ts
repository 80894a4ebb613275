import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../../../testing/eventually';
import { WhatsAppCloudClient } from '../client';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud, type FakeWhatsAppOptions } from './fake-server';
import { providerErrorFromStatusError } from '../graph-errors';
import { parseWebhookDelivery, type WebhookEvent, type WebhookStatusEvent } from '../webhook-payload';
import { verifyWebhookSignature } from '../webhook-signature';

const APP_SECRET = 'fake-app-secret';
const number = { phoneNumberId: '1099887766', accessToken: 'EAAG-token-a', displayPhoneNumber: '+54 11 5555-0000', appSecret: APP_SECRET, wabaId: 'waba-77' };
const other = { phoneNumberId: '2099887766', accessToken: 'EAAG-token-b', displayPhoneNumber: '+54 11 5555-0001', appSecret: APP_SECRET };
const CONTACT = '5491155550101';

interface Received {
  raw: Buffer;
  signature: string | undefined;
  signed: boolean;
  events: WebhookEvent[];
}

/** A webhook endpoint as Astor's: verifies the signature on the raw bytes, answers the statuses queued for it (200 by default). */
async function startWebhookReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signature = req.headers['x-hub-signature-256'] as string | undefined;
      const signed = verifyWebhookSignature(raw, signature, APP_SECRET);
      let events: WebhookEvent[] = [];
      try {
        events = parseWebhookDelivery(JSON.parse(raw.toString('utf8')));
      } catch {
        events = [];
      }
      received.push({ raw, signature, signed, events });
      res.statusCode = signed ? (answers.shift() ?? 200) : 401;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`,
    received,
    answerNext: (...statuses: number[]) => answers.push(...statuses),
    statuses: () => received.flatMap((delivery) => delivery.events).filter((event): event is WebhookStatusEvent => event.kind === 'status'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const graph = (fake: FakeWhatsAppCloud, path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${fake.baseUrl}/v21.0${path}`, { ...init, headers: { Authorization: `Bearer ${init.token ?? number.accessToken}`, ...(typeof init.body === 'string' ? { 'Content-Type': 'application/json' } : {}) } });
const send = (fake: FakeWhatsAppCloud, body: unknown, token?: string) => graph(fake, `/${number.phoneNumberId}/messages`, { method: 'POST', body: JSON.stringify(body), token });
const text = (to: string, body = 'Hola') => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } });
const errorOf = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: Record<string, unknown> }).error });

describe('the loopback Graph API', () => {
  let fake: FakeWhatsAppCloud | undefined;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const start = async (options: Partial<FakeWhatsAppOptions> = {}) => {
    fake = await startFakeWhatsAppCloud({ numbers: [{ ...number, webhookUrl: receiver.url }, other], statusDelayMs: 5, ...options });
    return fake;
  };
  const client = (fake: FakeWhatsAppCloud) => new WhatsAppCloudClient({ baseUrl: fake.baseUrl, apiVersion: 'v21.0', accessToken: number.accessToken, phoneNumberId: number.phoneNumberId });

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
    await receiver.close();
  });

  describe('requests', () => {
    it('answers like Graph: contacts with the wa_id, and a wamid per message', async () => {
      const fake = await start({ statuses: [] });
      const response = await send(fake, text('+54 9 11 5555-0101'));
      const body = (await response.json()) as { messaging_product: string; contacts: { input: string; wa_id: string }[]; messages: { id: string }[] };
      expect(response.status).toBe(200);
      expect(body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '+54 9 11 5555-0101', wa_id: CONTACT }], messages: [{ id: expect.stringMatching(/^wamid\.[\w-]{20,}$/) }] });
      expect(fake.sentTo(`+${CONTACT}`)).toEqual([expect.objectContaining({ phoneNumberId: number.phoneNumberId, to: CONTACT, type: 'text', wamid: body.messages[0]!.id })]);
    });

    it('asks for a valid token, and for a number the token may use', async () => {
      const fake = await start();
      expect(await errorOf(await send(fake, text(CONTACT), 'EAAG-nope'))).toMatchObject({ status: 401, code: 190, type: 'OAuthException', fbtrace_id: expect.any(String) });
      const unauthenticated = await fetch(`${fake.baseUrl}/v21.0/${number.phoneNumberId}`);
      expect(await errorOf(unauthenticated)).toMatchObject({ status: 401, code: 190 });
      expect(await errorOf(await send(fake, text(CONTACT), other.accessToken))).toMatchObject({ status: 400, code: 100, error_subcode: 33 });
      expect(await errorOf(await graph(fake, '/123456/messages', { method: 'POST', body: JSON.stringify(text(CONTACT)) }))).toMatchObject({ status: 400, code: 100, error_subcode: 33 });
      expect(fake.sent()).toHaveLength(0);
    });

    it.each([
      ['no messaging_product', { to: CONTACT, type: 'text', text: { body: 'x' } }, 'messaging_product'],
      ['a recipient that is not a phone number', text('juan@example.com'), 'to'],
      ['no recipient', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }, 'to'],
      ['an unknown type', { ...text(CONTACT), type: 'hologram', hologram: {} }, 'type'],
      ['a text without body', { ...text(CONTACT), text: {} }, "text['body']"],
      ['a text over 4096 characters', text(CONTACT, 'x'.repeat(4097)), "text['body']"],
      ['media with both id and link', { messaging_product: 'whatsapp', to: CONTACT, type: 'image', image: { id: '1', link: 'https://x' } }, 'image'],
      ['a template without language', { messaging_product: 'whatsapp', to: CONTACT, type: 'template', template: { name: 'bienvenida' } }, 'language'],
      ['a location without coordinates', { messaging_product: 'whatsapp', to: CONTACT, type: 'location', location: { name: 'x' } }, 'latitude'],
    ])('refuses %s with code 100 and details', async (_label, body, named) => {
      const fake = await start();
      const error = await errorOf(await send(fake, body));
      expect(error).toMatchObject({ status: 400, code: 100, error_data: { messaging_product: 'whatsapp', details: expect.stringContaining(named) } });
      expect(fake.sent()).toHaveLength(0);
    });

    it('refuses interactive messages Graph would not render', async () => {
      const fake = await start();
      const buttons = Array.from({ length: 4 }, (_, i) => ({ type: 'reply', reply: { id: `b${i}`, title: `Opción ${i}` } }));
      const tooMany = { messaging_product: 'whatsapp', to: CONTACT, type: 'interactive', interactive: { type: 'button', body: { text: '¿?' }, action: { buttons } } };
      expect(await errorOf(await send(fake, tooMany))).toMatchObject({ status: 400, code: 131009 });
      expect((await send(fake, { ...tooMany, interactive: { ...tooMany.interactive, action: { buttons: buttons.slice(0, 3) } } })).status).toBe(200);
    });

    it('knows approved templates when given them', async () => {
      const fake = await start({ templates: [{ name: 'bienvenida', language: 'es_AR', bodyParameters: 1 }] });
      const template = (name: string, parameters: string[]) => ({
        messaging_product: 'whatsapp',
        to: CONTACT,
        type: 'template',
        template: { name, language: { code: 'es_AR' }, components: [{ type: 'body', parameters: parameters.map((value) => ({ type: 'text', text: value })) }] },
      });
      expect(await errorOf(await send(fake, template('promo', ['Ana'])))).toMatchObject({ status: 400, code: 132001 });
      expect(await errorOf(await send(fake, template('bienvenida', ['Ana', 'extra'])))).toMatchObject({ status: 400, code: 132000 });
      const accepted = (await (await send(fake, template('bienvenida', ['Ana']))).json()) as { messages: { message_status: string }[] };
      expect(accepted.messages[0]!.message_status).toBe('accepted');
    });

    it('limits throughput per number with 130429', async () => {
      const fake = await start({ messagesPerSecond: 3, statuses: [] });
      const answers = [];
      for (const to of ['5491155550102', '5491155550103', '5491155550104', '5491155550105']) answers.push(await send(fake, text(to)));
      expect(answers.map((response) => response.status)).toEqual([200, 200, 200, 400]);
      expect(await errorOf(answers[3]!)).toMatchObject({ code: 130429, error_data: { details: expect.stringContaining('too many messages') } });
      expect(fake.sent()).toHaveLength(3);
    });

    it('limits messages to one recipient with 131056, and forgets limits and records on reset', async () => {
      const fake = await start({ pairRate: { messages: 2, perMs: 60_000 }, statuses: [] });
      const answers = [];
      for (const to of [CONTACT, CONTACT, CONTACT, '5491155550102']) answers.push(await send(fake, text(to)));
      expect(answers.map((response) => response.status)).toEqual([200, 200, 400, 200]);
      expect(await errorOf(answers[2]!)).toMatchObject({ code: 131056 });
      expect(fake.countByRecipient()).toEqual({ [CONTACT]: 2, '5491155550102': 1 });
      fake.reset();
      expect(fake.sent()).toEqual([]);
      expect((await send(fake, text(CONTACT))).status).toBe(200);
    });

    it('answers injected faults in order, with Retry-After, then recovers', async () => {
      const fake = await start({ statuses: [] });
      fake.failNext(2, { httpStatus: 400, code: 130429, message: 'Rate limit hit', retryAfterSeconds: 3 });
      const first = await send(fake, text(CONTACT));
      expect(first.headers.get('retry-after')).toBe('3');
      expect(await errorOf(first)).toMatchObject({ status: 400, code: 130429, message: '(#130429) Rate limit hit' });
      expect((await send(fake, text(CONTACT))).status).toBe(400);
      expect((await send(fake, text(CONTACT))).status).toBe(200);
      fake.setAvailability('error');
      expect(await errorOf(await send(fake, text(CONTACT)))).toMatchObject({ status: 500, code: 2 });
      fake.setAvailability('ok');
      expect(fake.sent()).toHaveLength(1);
    });

    it('answers the next sends with a limit on the number (throughput, spam rate) while other calls pass', async () => {
      const fake = await start({ statuses: [] });
      fake.limitNextSends(1, 'throughput');
      fake.limitNextSends(1, 'spam');
      expect((await client(fake).getPhoneNumber()).quality_rating).toBe('GREEN');
      const [throughput, spam] = [await send(fake, text(CONTACT)), await send(fake, text(CONTACT))];
      expect(await errorOf(throughput)).toMatchObject({ status: 400, code: 130429 });
      expect(await errorOf(spam)).toMatchObject({ status: 400, code: 131048, error_data: { details: expect.stringContaining('blocked or flagged as spam') } });
      await expect(client(fake).sendText(CONTACT, 'x')).resolves.toMatchObject({ providerMessageId: expect.any(String) });
      fake.limitNextSends(1, 'spam');
      await expect(client(fake).sendText(CONTACT, 'x')).rejects.toMatchObject({ category: 'rate_limit', details: { code: '131048' } });
      fake.limitNextSends(3, 'throughput');
      fake.reset();
      expect((await send(fake, text(CONTACT))).status).toBe(200);
    });

    it('stores uploads (multipart), looks them up and serves them to the same token', async () => {
      const fake = await start();
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', 'application/pdf');
      form.set('file', new Blob([Buffer.from('%PDF-1.7 plano')], { type: 'application/pdf' }), 'plano.pdf');
      const { id } = (await (await graph(fake, `/${number.phoneNumberId}/media`, { method: 'POST', body: form })).json()) as { id: string };
      const lookup = (await (await graph(fake, `/${id}`)).json()) as { url: string; mime_type: string; file_size: number; sha256: string };
      expect(lookup).toMatchObject({ messaging_product: 'whatsapp', id, mime_type: 'application/pdf', file_size: 14, sha256: fake.uploads()[0]!.sha256 });
      const download = await fetch(lookup.url, { headers: { Authorization: `Bearer ${number.accessToken}` } });
      expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.7 plano');
      expect(await errorOf(await graph(fake, `/${id}`, { token: other.accessToken }))).toMatchObject({ code: 100, error_subcode: 33 });

      const wrongType = new FormData();
      wrongType.set('messaging_product', 'whatsapp');
      wrongType.set('type', 'application/x-msdownload');
      wrongType.set('file', new Blob([Buffer.from('MZ')]), 'setup.exe');
      expect(await errorOf(await graph(fake, `/${number.phoneNumberId}/media`, { method: 'POST', body: wrongType }))).toMatchObject({ status: 400, code: 100 });
      const noFile = new FormData();
      noFile.set('messaging_product', 'whatsapp');
      noFile.set('type', 'image/png');
      expect(await errorOf(await graph(fake, `/${number.phoneNumberId}/media`, { method: 'POST', body: noFile }))).toMatchObject({ status: 400, code: 100, error_data: { details: expect.stringContaining('file') } });
      expect(fake.uploads()).toHaveLength(1);
    });
  });

  describe('webhooks', () => {
    it('reports sent, delivered and read for each message, signed with the app secret in Meta’s shape', async () => {
      const fake = await start();
      const { providerMessageId } = await client(fake).sendText(`+${CONTACT}`, 'Hola', { callbackData: 'key-7' });
      const statuses = await eventually(receiver.statuses, (events) => events.length >= 3, 5_000, 10);
      const byStatus = [...statuses].sort((a, b) => a.status.localeCompare(b.status));
      expect(byStatus.map((event) => [event.providerMessageId, event.status, event.recipientId, event.callbackData, event.phoneNumberId])).toEqual([
        [providerMessageId, 'delivered', CONTACT, 'key-7', number.phoneNumberId],
        [providerMessageId, 'read', CONTACT, 'key-7', number.phoneNumberId],
        [providerMessageId, 'sent', CONTACT, 'key-7', number.phoneNumberId],
      ]);
      expect(receiver.received.every((delivery) => delivery.signed && /^sha256=[0-9a-f]{64}$/.test(delivery.signature ?? ''))).toBe(true);
      const body = JSON.parse(receiver.received[0]!.raw.toString()) as { object: string; entry: { id: string; changes: { field: string; value: Record<string, unknown> }[] }[] };
      expect(body).toMatchObject({
        object: 'whatsapp_business_account',
        entry: [{ id: 'waba-77', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '541155550000', phone_number_id: number.phoneNumberId } } }] }],
      });
      // The receiver holds a body before the fake has read its 200.
      expect(await eventually(() => fake.webhookStats(), (stats) => stats.acknowledged === 3, 5_000, 10)).toEqual({ attempts: 3, acknowledged: 3, retried: 0, abandoned: 0 });
    });

    it('retries a delivery the endpoint did not acknowledge, so the endpoint may see it twice', async () => {
      const fake = await start({ statuses: ['sent'], webhookRetry: { baseDelayMs: 20, retries: 2 } });
      receiver.answerNext(500);
      await client(fake).sendText(CONTACT, 'Hola');
      await eventually(() => fake.webhookStats(), (stats) => stats.acknowledged === 1, 5_000, 10);
      expect(fake.webhookStats()).toEqual({ attempts: 2, acknowledged: 1, retried: 1, abandoned: 0 });
      expect(fake.webhookFailures()).toEqual({ '500': 1 });
      expect(receiver.received.map((delivery) => delivery.raw.toString())).toEqual([receiver.received[0]!.raw.toString(), receiver.received[0]!.raw.toString()]);
    });

    it('gives up after the configured retries', async () => {
      const fake = await start({ statuses: ['sent'], webhookRetry: { baseDelayMs: 10, retries: 2 } });
      receiver.answerNext(503, 503, 503);
      await client(fake).sendText(CONTACT, 'Hola');
      const stats = await eventually(() => fake.webhookStats(), (current) => current.abandoned === 1, 5_000, 10);
      expect(stats).toEqual({ attempts: 3, acknowledged: 0, retried: 2, abandoned: 1 });
      expect(fake.webhookFailures()).toEqual({ '503': 3 });
    });

    it('reports undeliverable recipients and closed service windows as failed statuses', async () => {
      const fake = await start();
      fake.failRecipient('+5491155550109');
      fake.closeWindow(`+${CONTACT}`);
      const undeliverable = await client(fake).sendText('+5491155550109', 'Hola');
      const freeForm = await client(fake).sendText(`+${CONTACT}`, 'Hola');
      const template = await client(fake).sendTemplate(`+${CONTACT}`, { name: 'retomar', languageCode: 'es_AR' });
      const statuses = await eventually(receiver.statuses, (events) => events.length >= 5, 5_000, 10);
      const of = (id: string) => statuses.filter((event) => event.providerMessageId === id);
      expect(of(undeliverable.providerMessageId)).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 131026 }) })]);
      expect(of(freeForm.providerMessageId)).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 131047 }) })]);
      // Deliveries are separate requests, so (as with Meta) they may arrive in any order.
      expect(of(template.providerMessageId).map((event) => event.status).sort()).toEqual(['delivered', 'read', 'sent']);
      const failed = of(freeForm.providerMessageId)[0]!.error!;
      expect(providerErrorFromStatusError({ ...failed, error_data: { details: failed.details } })).toMatchObject({ category: 'reengagement', retryable: false });
    });

    it("accepts a capped recipient's marketing templates, then reports them failed with 131049; utility templates and text pass", async () => {
      const fake = await start();
      const body = [{ type: 'BODY', text: 'Hola {{1}}', example: { body_text: [['Ana']] } }];
      fake.seedTemplate(number.wabaId, { name: 'promo', language: 'es_AR', category: 'MARKETING', components: body });
      fake.seedTemplate(number.wabaId, { name: 'aviso', language: 'es_AR', category: 'UTILITY', components: body });
      fake.capMarketing(`+${CONTACT}`);
      const sendTemplate = (name: string) => client(fake).sendTemplate(`+${CONTACT}`, { name, languageCode: 'es_AR', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] });
      const marketing = await sendTemplate('promo');
      const utility = await sendTemplate('aviso');
      const freeForm = await client(fake).sendText(`+${CONTACT}`, 'Hola');
      const statuses = await eventually(receiver.statuses, (events) => events.length >= 7, 5_000, 10);
      const of = (id: string) => statuses.filter((event) => event.providerMessageId === id).map((event) => event.status).sort();
      expect(of(marketing.providerMessageId)).toEqual(['failed']);
      expect(of(utility.providerMessageId)).toEqual(['delivered', 'read', 'sent']);
      expect(of(freeForm.providerMessageId)).toEqual(['delivered', 'read', 'sent']);
      const declined = statuses.find((event) => event.status === 'failed')!.error!;
      expect(providerErrorFromStatusError({ ...declined, error_data: { details: declined.details } })).toMatchObject({ category: 'declined', retryable: false, details: { code: '131049' } });
    });

    it('refuses sends of a template Meta paused (132015) or disabled (132016), and sends it again once approved', async () => {
      const fake = await start({ statuses: [] });
      fake.seedTemplate(number.wabaId, { name: 'promo', language: 'es_AR', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hola' }] });
      const sendPromo = () => client(fake).sendTemplate(`+${CONTACT}`, { name: 'promo', languageCode: 'es_AR' });
      expect(await fake.reviewTemplate(number.wabaId, 'promo', 'es_AR', 'PAUSED')).toBe(200);
      await expect(sendPromo()).rejects.toMatchObject({ category: 'template_paused', details: { code: '132015' } });
      await fake.reviewTemplate(number.wabaId, 'promo', 'es_AR', 'DISABLED');
      await expect(sendPromo()).rejects.toMatchObject({ category: 'template_paused', details: { code: '132016' } });
      await fake.reviewTemplate(number.wabaId, 'promo', 'es_AR', 'APPROVED');
      await expect(sendPromo()).resolves.toMatchObject({ providerMessageId: expect.any(String) });
    });

    it("changes the portfolio's tier and the number's quality as Meta does: Graph answers them, and a signed quality update tells the webhook", async () => {
      const fake = await start();
      expect(await client(fake).getPhoneNumber()).toMatchObject({ quality_rating: 'GREEN', whatsapp_business_manager_messaging_limit: 'TIER_2K' });
      expect(await fake.updateQuality(number.phoneNumberId, 'DOWNGRADE', { tier: 'TIER_250', qualityRating: 'RED' })).toBe(200);
      expect(await client(fake).getPhoneNumber()).toMatchObject({ quality_rating: 'RED', whatsapp_business_manager_messaging_limit: 'TIER_250' });
      expect(receiver.received[0]!.signed).toBe(true);
      expect(receiver.received[0]!.events).toEqual([{ kind: 'quality_update', businessAccountId: 'waba-77', displayPhoneNumber: '541155550000', event: 'DOWNGRADE', tier: 'TIER_250', at: expect.any(Date) }]);
      expect(JSON.parse(receiver.received[0]!.raw.toString()).entry[0].changes[0].value).toMatchObject({ old_limit: 'TIER_2K', current_limit: 'TIER_250' });
      fake.reset();
      expect(await client(fake).getPhoneNumber()).toMatchObject({ quality_rating: 'GREEN', whatsapp_business_manager_messaging_limit: 'TIER_2K' });
    });

    it('delivers inbound messages signed, and raw bodies with any signature', async () => {
      const fake = await start();
      const { id, status } = await fake.deliverInbound(number.phoneNumberId, { from: CONTACT, name: 'Ana', text: 'Hola, ¿sigue disponible?' });
      expect(status).toBe(200);
      expect(receiver.received[0]!.events).toEqual([expect.objectContaining({ kind: 'message', providerMessageId: id, from: CONTACT, contactName: 'Ana', type: 'text', text: 'Hola, ¿sigue disponible?' })]);
      const button = await fake.deliverInbound(number.phoneNumberId, { from: CONTACT, message: { type: 'button', button: { payload: 'visit-yes', text: 'Sí' } } });
      expect(receiver.received[1]!.events).toEqual([expect.objectContaining({ providerMessageId: button.id, type: 'button', reply: { id: 'visit-yes', title: 'Sí' } })]);

      expect(await fake.deliverRaw(number.phoneNumberId, { object: 'whatsapp_business_account', entry: [] })).toBe(200);
      expect(await fake.deliverRaw(number.phoneNumberId, '{"object":"whatsapp_business_account","entry":[]}', { signature: `sha256=${'0'.repeat(64)}` })).toBe(401);
      expect(await fake.deliverRaw(number.phoneNumberId, '{}', { signature: null })).toBe(401);
      expect(receiver.received.map((delivery) => delivery.signed)).toEqual([true, true, true, false, false]);
      await expect(fake.deliverInbound(other.phoneNumberId, { from: CONTACT, text: 'x' })).rejects.toThrow('no webhook URL');
    });
  });
});
