import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startFakeElevenLabs, type FakeElevenLabs } from '../integrations/elevenlabs/testing/fake-server';
import { saveIntegrationConfig } from '../prisma/repositories/integration-secrets';
import { adminQuery, testSecretBox } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { eventually } from '../testing/eventually';
import { configureWhatsAppChannel, startWhatsAppStack } from '../testing/whatsapp-harness';
import { payloadText } from '../testing/workflow-history';

describe('voice message delivery', () => {
  let api: TestApi;
  let voice: FakeElevenLabs;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let leadId: string;
  const contact = '+5491167770001';
  const send = (body: object, id = leadId) => request(api.app).post(`/api/leads/${id}/voice-messages`).set('Authorization', staff.agent.auth).send(body);
  const voiceEvents = () => adminQuery<{ type: string }>(`SELECT type FROM "Event" WHERE "leadId" = $1 AND type LIKE 'voice.%'`, [leadId]);

  beforeAll(async () => {
    api = await startTestApi();
    voice = await startFakeElevenLabs({ keys: [{ apiKey: 'sk_voice_agency_01' }] });
    staff = await createStaffedTenant(api.db, 'Voice');
    const number = await configureWhatsAppChannel(api.db, staff.tenant.id, 'astor-development-app-secret');
    await api.db.inTenant(staff.tenant.id, (tx) => saveIntegrationConfig(tx, testSecretBox(), 'ELEVENLABS', { apiKey: 'sk_voice_agency_01', voiceId: 'voz-rioplatense' }));
    stack = await startWhatsAppStack(api, [number], {}, { elevenLabsUrl: voice.baseUrl });
    leadId = (await request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).send({ name: 'Marta', phone: contact }).expect(201)).body.id;
  });
  afterAll(async () => {
    await stack.stop();
    await voice.stop();
    await api.close();
  });

  it('generates, uploads and sends one voice note per request, and records its delivery on the timeline', async () => {
    const requestId = randomUUID();
    const text = 'Hola Marta, te confirmo la visita de mañana a las 10 en Palermo.';
    await send({ text, purpose: 'VISIT_CONFIRMATION', requestId }).expect(202);
    await send({ text, purpose: 'VISIT_CONFIRMATION', requestId }).expect(202);
    const events = await eventually(voiceEvents, (rows) => rows.length === 1, 30_000);
    expect(['voice.delivered', 'voice.read']).toContain(events[0]!.type);
    const { body: progress } = await request(api.app).get(`/api/leads/${leadId}/voice-messages/${requestId}`).set('Authorization', staff.agent.auth).expect(200);
    expect(progress).toEqual({ state: events[0]!.type.slice('voice.'.length) });
    const audio = stack.fake.sentTo(contact).filter((message) => message.type === 'audio');
    expect(audio).toHaveLength(1);
    expect(audio[0]!.body).toMatchObject({ type: 'audio', audio: { id: expect.stringMatching(/^media-/) } });
    const mediaId = (audio[0]!.body as { audio: { id: string } }).audio.id;
    expect(stack.fake.uploads().find((upload) => upload.id === mediaId)).toMatchObject({ mimeType: 'audio/ogg; codecs=opus', filename: expect.stringMatching(/\.ogg$/) });
    expect(voice.generations().filter((generation) => generation.text === text)).toHaveLength(1);
    const history = await api.temporal.workflow.getHandle(`voice:${staff.tenant.id}:${requestId}`).fetchHistory();
    expect(payloadText(history)).toContain('te confirmo la visita');
    expect(payloadText(history)).not.toContain('sk_voice_agency_01');

    const [played] = await adminQuery<{ audioKey: string }>(`SELECT payload->>'audioKey' AS "audioKey" FROM "Event" WHERE "leadId" = $1 AND type LIKE 'voice.%'`, [leadId]);
    const note = await request(api.app).get(`/api/leads/${leadId}/voice-notes/${played!.audioKey}`).set('Authorization', staff.agent.auth).expect(200);
    expect(note.headers['content-type']).toBe('audio/ogg; codecs=opus');
    expect(Number(note.headers['content-length'])).toBeGreaterThan(100);
    const otherLead = (await request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).send({ phone: '+5491167770009' }).expect(201)).body.id;
    await request(api.app).get(`/api/leads/${otherLead}/voice-notes/${played!.audioKey}`).set('Authorization', staff.agent.auth).expect(404);

    await send({ text, purpose: 'VISIT_REMINDER' }).expect(202);
    await eventually(voiceEvents, (rows) => rows.length === 2, 30_000);
    expect(stack.fake.sentTo(contact).filter((message) => message.type === 'audio')).toHaveLength(2);
    expect(voice.generations().filter((generation) => generation.text === text)).toHaveLength(1);
  }, 60_000);

  it('lets an admin hear a voice campaign’s note for a real lead before launch, generated once', async () => {
    const admin = (path: string, body: object) => request(api.app).post(`/api${path}`).set('Authorization', staff.admin.auth).send(body);
    const { body: campaign } = await admin('/campaigns', { name: 'Voz', type: 'FIDELIZACION', audience: {}, content: { kind: 'voice', script: 'Hola {{lead.firstName|vecino}}, tenemos novedades para vos.' } }).expect(201);
    const before = voice.generations().length;
    for (let i = 0; i < 2; i += 1) {
      const { body } = await admin(`/campaigns/${campaign.id}/voice-preview`, { leadId }).expect(200);
      expect(body.script).toBe('Hola Marta, tenemos novedades para vos.');
      expect(body.audio).toMatch(/^data:audio\/ogg;codecs=opus;base64,T2dnUw.{100}/);
    }
    expect(voice.generations().length).toBe(before + 1);
    await request(api.app).post(`/api/campaigns/${campaign.id}/voice-preview`).set('Authorization', staff.agent.auth).send({ leadId }).expect(403);
    const { body: text } = await admin('/campaigns', { name: 'Texto', type: 'FIDELIZACION', audience: {}, content: { kind: 'text', body: 'Hola' } }).expect(201);
    await admin(`/campaigns/${text.id}/voice-preview`, { leadId }).expect(409);
  }, 60_000);

  it('rides out a busy ElevenLabs with backoff, still paying for one generation', async () => {
    const text = `Hola Marta, ya tenemos la tasación (${randomUUID().slice(0, 8)}).`;
    voice.failNext(1, { httpStatus: 429, status: 'system_busy', message: 'Our services are experiencing high traffic.' });
    const { body } = await send({ text, purpose: 'CUSTOM' }).expect(202);
    expect(await api.temporal.workflow.getHandle(body.workflowId).result()).toMatchObject({ outcome: expect.stringMatching(/^(delivered|read)$/) });
    expect(voice.generations().filter((generation) => generation.text === text)).toHaveLength(1);
    const attempts = (await api.temporal.workflow.getHandle(body.workflowId).fetchHistory()).events!.map((event) => event.activityTaskStartedEventAttributes?.attempt).filter(Boolean);
    expect(attempts[0]).toBe(2);
  }, 60_000);

  it('fails fast on a revoked ElevenLabs key: the integration turns unhealthy and the timeline says why', async () => {
    const other = await createStaffedTenant(api.db, 'Voice revoked');
    await api.db.inTenant(other.tenant.id, (tx) => saveIntegrationConfig(tx, testSecretBox(), 'ELEVENLABS', { apiKey: 'sk_revoked_key_0000', voiceId: 'voz-rioplatense' }));
    const lead = (await request(api.app).post('/api/leads').set('Authorization', other.admin.auth).send({ phone: '+5491167770077' }).expect(201)).body.id;
    const { body } = await request(api.app).post(`/api/leads/${lead}/voice-messages`).set('Authorization', other.agent.auth).send({ text: 'Hola' }).expect(202);
    const handle = api.temporal.workflow.getHandle(body.workflowId);
    expect(await handle.result()).toEqual({ outcome: 'failed' });
    const progress = (leadId: string) => request(api.app).get(`/api/leads/${leadId}/voice-messages/${body.requestId}`).set('Authorization', other.agent.auth);
    expect((await progress(lead).expect(200)).body).toEqual({ state: 'failed', reason: 'elevenlabs: Invalid API key', code: 'voice_generation' });
    const colleague = (await request(api.app).post('/api/leads').set('Authorization', other.admin.auth).send({ phone: '+5491167770078' }).expect(201)).body.id;
    await progress(colleague).expect(404);
    const attempts = (await handle.fetchHistory()).events!.map((event) => event.activityTaskStartedEventAttributes?.attempt).filter(Boolean);
    expect(attempts[0]).toBe(1);
    const events = await adminQuery<{ type: string; reason: string; code: string }>(`SELECT type, payload->>'reason' AS reason, payload->>'code' AS code FROM "Event" WHERE "leadId" = $1`, [lead]);
    expect(events.filter((event) => event.type.startsWith('voice.'))).toEqual([{ type: 'voice.failed', reason: 'elevenlabs: Invalid API key', code: 'voice_generation' }]);
    const [integration] = await adminQuery<{ health: string }>(`SELECT health FROM "TenantIntegration" WHERE "tenantId" = $1 AND provider = 'ELEVENLABS'`, [other.tenant.id]);
    expect(integration!.health).toBe('UNHEALTHY');
  }, 60_000);

  it('refuses leads that opted out, and unknown leads', async () => {
    const optedOut = (await request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).send({ phone: '+5491167770002' }).expect(201)).body.id;
    await request(api.app).patch(`/api/leads/${optedOut}`).set('Authorization', staff.admin.auth).send({ optOut: true }).expect(200);
    expect((await send({ text: 'Hola' }, optedOut).expect(422)).body.detail).toMatch(/opted out/);
    await send({ text: 'Hola' }, randomUUID()).expect(404);
  });
});
