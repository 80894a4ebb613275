import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startFakeElevenLabs, type FakeElevenLabs } from '../integrations/elevenlabs/testing/fake-server';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import { voiceAudioStore } from '../integrations/media-store/media-store';
import { speechKey } from '../activities/voice.activities';
import { saveIntegrationConfig } from '../prisma/repositories/integration-secrets';
import { adminQuery, testSecretBox } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { eventually } from '../testing/eventually';
import { startWorkerProcess, type WorkerProcess } from '../testing/service-process';
import { configureWhatsAppChannel, listenOnLoopback } from '../testing/whatsapp-harness';

const APP_SECRET = 'astor-development-app-secret';
const ELEVENLABS_KEY = 'sk_voice_crash_0001';

describe('a voice note survives its worker being killed between generation and sending', () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let graph: FakeWhatsAppCloud;
  let voice: FakeElevenLabs;
  let worker: WorkerProcess | undefined;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    server = await listenOnLoopback(api.app);
    staff = await createStaffedTenant(api.db, 'Voice crash');
    const number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
    await api.db.inTenant(staff.tenant.id, (tx) => saveIntegrationConfig(tx, testSecretBox(), 'ELEVENLABS', { apiKey: ELEVENLABS_KEY, voiceId: 'voz-rioplatense' }));
    graph = await startFakeWhatsAppCloud({ numbers: [{ ...number, webhookUrl: `${server.baseUrl}/webhooks/whatsapp` }], statusDelayMs: 5 });
    voice = await startFakeElevenLabs({ keys: [{ apiKey: ELEVENLABS_KEY }] });
  });

  afterAll(async () => {
    await worker?.stop();
    await voice.stop();
    await graph.stop();
    server.close();
    await api.close();
  });

  const workerEnv = () => ({ WHATSAPP_GRAPH_URL: graph.baseUrl, ELEVENLABS_API_URL: voice.baseUrl, ASTOR_DATA_DIR: api.deps.config.dataDir });
  const newLead = async (phone: string): Promise<string> => (await request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).send({ name: 'Marta', phone }).expect(201)).body.id;
  const sendVoice = async (leadId: string, text: string) => {
    const { body } = await request(api.app).post(`/api/leads/${leadId}/voice-messages`).set('Authorization', staff.agent.auth).send({ text, purpose: 'VISIT_CONFIRMATION' }).expect(202);
    return api.temporal.workflow.getHandle(body.workflowId);
  };
  const voiceEvents = (leadId: string) =>
    eventually(
      () => adminQuery<{ type: string; audioKey: string }>(`SELECT type, payload->>'audioKey' AS "audioKey" FROM "Event" WHERE "leadId" = $1 AND type LIKE 'voice.%'`, [leadId]),
      (rows) => rows.length > 0,
      90_000,
      250,
    );

  it('delivers exactly one voice note and pays for one generation', async () => {
    const taskQueue = api.deps.config.temporal.taskQueue;
    // The worker shares the API's data directory, so both see the same stored audio.
    const env = workerEnv();
    const contact = '+5491167771234';
    const text = `Hola Marta, te esperamos mañana a las 10 (${randomUUID().slice(0, 8)}).`;
    const leadId = await newLead(contact);
    const audioKey = speechKey({ text, voiceId: 'voz-rioplatense', modelId: 'eleven_multilingual_v2' });

    // Graph accepts connections and never answers: the worker dies holding the upload that precedes the send.
    graph.setAvailability('hang');
    worker = await startWorkerProcess(taskQueue, env);
    const handle = await sendVoice(leadId, text);
    await eventually(
      async () => (await handle.describe()).raw.pendingActivities?.map((activity) => activity.activityType?.name) ?? [],
      (pending) => pending.includes('uploadVoiceMedia'),
      30_000,
      100,
    );
    expect(voice.generations().filter((generation) => generation.text === text)).toHaveLength(1);
    expect(await voiceAudioStore(api.deps.config).has(audioKey)).toBe(true);
    await worker.kill();

    graph.setAvailability('ok');
    worker = await startWorkerProcess(taskQueue, env);
    const events = await voiceEvents(leadId);
    expect(events).toEqual([{ type: expect.stringMatching(/^voice\.(delivered|read)$/), audioKey }]);
    expect(await handle.result()).toMatchObject({ outcome: expect.stringMatching(/^(delivered|read)$/) });
    expect(graph.sentTo(contact).filter((message) => message.type === 'audio')).toHaveLength(1);
    expect(graph.uploads().filter((upload) => upload.filename === audioKey)).toHaveLength(1);
    expect(voice.generations().filter((generation) => generation.text === text)).toHaveLength(1);
  }, 180_000);

  it('sends once when the worker dies just as Meta accepts the voice note', async () => {
    const env = workerEnv();
    worker ??= await startWorkerProcess(api.deps.config.temporal.taskQueue, env);
    const contact = '+5491167771235';
    const text = `Hola Marta, ¿pudiste ver el departamento? (${randomUUID().slice(0, 8)})`;
    const leadId = await newLead(contact);
    const handle = await sendVoice(leadId, text);
    await eventually(() => graph.sentTo(contact).length, (sent) => sent > 0, 60_000, 5);
    await worker.kill();
    worker = await startWorkerProcess(api.deps.config.temporal.taskQueue, env);
    expect(await voiceEvents(leadId)).toEqual([expect.objectContaining({ type: expect.stringMatching(/^voice\.(delivered|read)$/) })]);
    expect(await handle.result()).toMatchObject({ outcome: expect.stringMatching(/^(delivered|read)$/) });
    expect(graph.sentTo(contact).filter((message) => message.type === 'audio')).toHaveLength(1);
    expect(voice.generations().filter((generation) => generation.text === text)).toHaveLength(1);
  }, 180_000);
});
