import request from 'supertest';
import { signBridgeBody, SIGNATURE_HEADER } from '../../integrations/whatsapp-web/bridge-api';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { adminQuery, testSecretBox } from '../../testing/harness';
import { binaryBody, createStaffedTenant } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { startWhatsAppWebStack } from '../../testing/whatsapp-web-harness';

const count = async (sql: string, params: unknown[]) => Number((await adminQuery<{ n: string }>(sql, params))[0]!.n);

describe('WhatsApp Web bridge webhooks into durable conversations', () => {
  let stack: Awaited<ReturnType<typeof startWhatsAppWebStack>>;
  let a: Awaited<ReturnType<typeof createStaffedTenant>>;
  let b: Awaited<ReturnType<typeof createStaffedTenant>>;
  let sessionA: string;
  let sessionB: string;
  const post = (session: string, body: unknown, signature: string | null) => {
    const call = request(stack.api.app).post(`/webhooks/whatsapp-web/${session}`).set('Content-Type', 'application/json');
    return (signature === null ? call : call.set(SIGNATURE_HEADER, signature)).send(JSON.stringify(body));
  };
  const secretOf = async (session: string) => {
    const owner = await adminQuery<{ tenantId: string }>(`SELECT "tenantId" FROM "WhatsAppChannel" WHERE "webSessionId" = $1`, [session]);
    const stored = await stack.api.db.inTenant(owner[0]!.tenantId, (tx) => loadIntegrationConfig<{ webhookSecret: string }>(tx, testSecretBox(), 'WHATSAPP_WEB'));
    return stored!.config.webhookSecret;
  };
  const inbound = (session: string, id: string, from: string, text = 'Hola') => ({ session, event: 'message', data: { id, from, pushName: 'Julia', timestamp: Math.floor(Date.now() / 1000), type: 'text', text } });

  beforeAll(async () => {
    stack = await startWhatsAppWebStack();
    [a, b] = [await createStaffedTenant(stack.api.db, 'Web A'), await createStaffedTenant(stack.api.db, 'Web B')];
    await stack.api.db.inTenant(a.tenant.id, (tx) => tx.assistant.create({ data: { tenantId: a.tenant.id, name: 'Bot', greeting: '¡Hola! ¿Comprar o alquilar?', handoffKeywords: ['asesor'], faq: [] } }));
    sessionA = await stack.pairWebSession(a.tenant.id, a.admin.auth);
    sessionB = await stack.pairWebSession(b.tenant.id, b.admin.auth);
    await stack.connect([]);
  });
  afterAll(() => stack.stop());

  it('refuses an event that is not signed with the session’s own secret, before reading it', async () => {
    const body = inbound(sessionA, 'web-forged', '5491170000001');
    const raw = JSON.stringify(body);
    expect((await post(sessionA, body, null)).status).toBe(401);
    expect((await post(sessionA, body, `sha256=${'0'.repeat(64)}`)).status).toBe(401);
    expect((await post(sessionA, body, signBridgeBody(raw, await secretOf(sessionB)))).status).toBe(401);
    expect((await post('no-such-session', body, signBridgeBody(raw, await secretOf(sessionA)))).status).toBe(401);
    const refused = await post(sessionA, body, 'sha256=nothex');
    expect(refused.headers['content-type']).toContain('application/problem+json');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await count(`SELECT count(*) AS n FROM "Message" WHERE "providerMessageId" = 'web-forged'`, [])).toBe(0);
  });

  it('answers 400 with the fields at fault for a signed body that is not a bridge event', async () => {
    const secret = await secretOf(sessionA);
    const wrong = { session: sessionA, event: 'message', data: { id: 'x', from: 'nobody', timestamp: 1, type: 'text' } };
    const response = await post(sessionA, wrong, signBridgeBody(JSON.stringify(wrong), secret));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'data.from' })]));
    const elsewhere = inbound(sessionB, 'web-mismatch', '5491170000002');
    expect((await post(sessionA, elsewhere, signBridgeBody(JSON.stringify(elsewhere), secret))).status).toBe(400);
  });

  it('turns a message delivered three times into one WhatsApp Web conversation, one reply through the bridge, and applies its acks', async () => {
    for (let i = 0; i < 3; i += 1) expect(await stack.bridge.deliverInbound(sessionA, { from: '+5491170000003', id: 'web-dup-1', text: 'Hola, vi el aviso' })).toBe(200);
    const replies = await eventually(() => stack.bridge.sent(sessionA), (sent) => sent.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(stack.bridge.sent(sessionA)).toHaveLength(1);
    expect(replies[0]!.request).toMatchObject({ to: '5491170000003', text: { body: '¡Hola! ¿Comprar o alquilar?' } });
    expect(await count(`SELECT count(*) AS n FROM "Message" WHERE "providerMessageId" = 'web-dup-1' AND channel = 'WHATSAPP_WEB'`, [])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM "Conversation" WHERE "tenantId" = $1 AND channel = 'WHATSAPP_WEB'`, [a.tenant.id])).toBe(1);
    const reply = await eventually(
      async () => (await adminQuery<{ status: string; channel: string }>(`SELECT status, channel FROM "Message" WHERE "providerMessageId" = $1`, [replies[0]!.id]))[0],
      (row) => row?.status === 'READ',
    );
    expect(reply).toEqual({ status: 'READ', channel: 'WHATSAPP_WEB' });
    expect(await count(`SELECT count(*) AS n FROM "Message" WHERE "tenantId" = $1`, [b.tenant.id])).toBe(0);
  });

  it('keeps a voice note a contact sent through the linked phone, for the agency staff to hear', async () => {
    const voice = Buffer.from('OggS a short voice note');
    await stack.bridge.deliverInbound(sessionA, { from: '+5491170000004', id: 'web-voice-1', media: { kind: 'audio', bytes: voice, mimeType: 'audio/ogg' } });
    const stored = await eventually(
      async () => (await adminQuery<{ mediaUrl: string | null; mimeType: string | null }>(`SELECT "mediaUrl", "mimeType" FROM "Message" WHERE "providerMessageId" = 'web-voice-1'`, []))[0],
      (row) => Boolean(row?.mediaUrl),
      20_000,
    );
    expect(stored!.mimeType).toBe('audio/ogg');
    const heard = await request(stack.api.app).get(stored!.mediaUrl!).set('Authorization', a.agent.auth).buffer(true).parse(binaryBody).expect(200);
    expect(heard.headers['content-type']).toBe('audio/ogg');
    expect(Buffer.compare(heard.body as Buffer, voice)).toBe(0);
  });
});
