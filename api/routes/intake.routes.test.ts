import request from 'supertest';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { adminQuery, startTestWorker, workerDeps, type RunningWorker } from '../../testing/harness';
import { apiKeyFor, createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { onTemporalClock, skipToEnd } from '../../testing/time-skipping';
import { configureWhatsAppChannel } from '../../testing/whatsapp-harness';

describe('lead intake from landing pages and ad relays', () => {
  let api: TestApi;
  let fake: FakeWhatsAppCloud;
  let worker: RunningWorker;
  let tenantId: string;
  let key: string;
  const submit = (body: object) => request(api.app).post('/api/intake/leads').set('X-Api-Key', key).send(body);
  const events = async (leadId: string) => (await adminQuery<{ type: string; origin: string | null }>(`SELECT type, origin FROM "Event" WHERE "leadId" = $1 ORDER BY "createdAt"`, [leadId])).map((row) => `${row.type}:${row.origin ?? '-'}`);

  beforeAll(async () => {
    api = await startTestApi({ env: onTemporalClock() });
    const staff = await createStaffedTenant(api.db, 'Intake');
    tenantId = staff.tenant.id;
    key = (await apiKeyFor(api.db, tenantId)).key;
    const number = await configureWhatsAppChannel(api.db, tenantId, 'astor-development-app-secret');
    fake = await startFakeWhatsAppCloud({ numbers: [number], statuses: [] });
    const settings = { welcomeTemplate: { name: 'bienvenida', language: 'es_AR' }, followUpTemplate: { name: 'recordatorio', language: 'es_AR' }, followUpHours: 1, maxFollowUps: 1 };
    await request(api.app).patch('/api/tenant').set('Authorization', staff.owner.auth).send({ settings }).expect(200);
    const taskQueue = api.deps.config.temporal.taskQueue;
    worker = await startTestWorker(taskQueue, workerDeps(api.db, api.temporal, taskQueue, { graphUrl: fake.baseUrl }), { address: api.deps.config.temporal.address });
  });

  afterAll(async () => {
    await worker.stop();
    await fake.stop();
    await api.close();
  });

  it('creates the lead once, welcomes it with the template, and reminds it once while it stays silent', async () => {
    const { body } = await submit({ phone: '11 15 3000-0001', name: 'Marta Díaz', origin: 'META_ADS', submissionId: 'leadgen-1', searchZone: 'Palermo' }).expect(200);
    expect(body).toMatchObject({ created: true, workflowId: expect.stringMatching(new RegExp(`^lead:${tenantId}:[\\w-]{22}$`)) });
    expect(body.workflowId).not.toMatch(/5491130000001/);
    await eventually(() => fake.sentTo('+5491130000001'), (messages) => messages.length === 1);
    // An hour of silence on the workflow's clock: one reminder, then the workflow is done with this lead.
    expect(await skipToEnd(api.temporal, body.workflowId)).toEqual({ leadId: body.leadId, followUpsSent: 1 });
    const sent = fake.sentTo('+5491130000001');
    expect(sent.map((message) => (message.body.template as { name: string }).name)).toEqual(['bienvenida', 'recordatorio']);
    expect(await events(body.leadId)).toEqual(expect.arrayContaining(['lead.created:META_ADS', 'message.outbound:-']));
  });

  it('merges a second form for the same phone into the same lead, filling only what was missing', async () => {
    const first = await submit({ phone: '+54 9 11 3000-0002', name: 'Primero', submissionId: 'form-a' }).expect(200);
    const second = await submit({ phone: '5491130000002', name: 'Otro nombre', email: 'pedro@example.com', origin: 'WEB', submissionId: 'form-b' }).expect(200);
    expect(second.body).toMatchObject({ leadId: first.body.leadId, created: false });
    const lead = await adminQuery<{ name: string; email: string }>(`SELECT name, email FROM "Lead" WHERE id = $1`, [first.body.leadId]);
    expect(lead[0]).toEqual({ name: 'Primero', email: 'pedro@example.com' });
    expect(await events(first.body.leadId)).toEqual(expect.arrayContaining(['lead.created:LANDING', 'lead.submission:WEB']));
  });

  it('applies a replayed submission once', async () => {
    const once = await submit({ phone: '+5491130000003', submissionId: 'leadgen-3' }).expect(200);
    const again = await submit({ phone: '+5491130000003', submissionId: 'leadgen-3' }).expect(200);
    expect(again.body).toEqual(once.body);
    const submissions = (await events(once.body.leadId)).filter((event) => event.startsWith('lead.submission') || event.startsWith('lead.created'));
    expect(submissions).toHaveLength(1);
  });

  it('refuses an unreachable phone with a field error and starts nothing', async () => {
    const { body } = await submit({ phone: '12345678', name: 'x' }).expect(400);
    expect(body.errors[0].path).toBe('phone');
  });
});
