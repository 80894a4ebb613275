import request from 'supertest';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { visitSchema } from '../contracts/visits.schemas';

const DAY_MS = 86_400_000;

describe('visits and automation rules API', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let leadId: string;
  const as = (auth: string) => ({
    post: (path: string, body: object) => request(api.app).post(`/api${path}`).set('Authorization', auth).send(body),
    patch: (path: string, body: object) => request(api.app).patch(`/api${path}`).set('Authorization', auth).send(body),
    put: (path: string, body: object) => request(api.app).put(`/api${path}`).set('Authorization', auth).send(body),
    get: (path: string) => request(api.app).get(`/api${path}`).set('Authorization', auth),
  });
  const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Visitas');
    leadId = (await as(staff.admin.auth).post('/leads', { phone: '+5491145550001', name: 'Bruno Díaz' }).expect(201)).body.id;
  });
  afterAll(() => api.close());

  it('lets an agent book, list, move and cancel a visit, reading local times in the agency’s zone', async () => {
    const agent = as(staff.agent.auth);
    const { body: property } = await as(staff.admin.auth).post('/properties', { title: 'Casa', price: 1, operation: 'SALE', type: 'HOUSE', zone: 'Tigre', address: 'Lavalle 10' }).expect(201);
    const { body: visit } = await agent.post('/visits', { leadId, propertyId: property.id, agentId: staff.agent.id, scheduledAt: '2099-03-10T15:30', notes: 'Llevar llaves' }).expect(201);
    expect(() => visitSchema.strict().parse(visit)).not.toThrow();
    expect(visit).toMatchObject({ scheduledAt: '2099-03-10T18:30:00.000Z', status: 'SCHEDULED', lead: { name: 'Bruno Díaz' }, property: { title: 'Casa', address: 'Lavalle 10' } });
    const { body: listed } = await agent.get(`/visits?from=2099-03-01&to=2099-04-01&leadId=${leadId}`).expect(200);
    expect(listed.map((row: { id: string }) => row.id)).toEqual([visit.id]);
    await agent.patch(`/visits/${visit.id}`, { scheduledAt: '2099-03-11T10:00:00-03:00' }).expect(200);
    await agent.patch(`/visits/${visit.id}`, { status: 'CANCELLED' }).expect(200);
    const { body: problem } = await agent.patch(`/visits/${visit.id}`, { scheduledAt: '2099-03-12T10:00' }).expect(409);
    expect(problem.detail).toMatch(/cancelled visit cannot be moved/);
    const { body: events } = await agent.get(`/leads/${leadId}/events`).expect(200);
    expect(events.items.map((event: { type: string }) => event.type)).toEqual(expect.arrayContaining(['visit.scheduled', 'visit.rescheduled', 'visit.cancelled']));
  });

  it.each([
    [{ scheduledAt: '2001-01-01T10:00' }, 'scheduledAt', 422],
    [{ scheduledAt: 'mañana' }, 'scheduledAt', 400],
    [{ leadId: '5b0b5f0e-9a47-4d8e-8f3c-3f7f5c7d2a11' }, 'leadId', 422],
    [{ propertyId: '5b0b5f0e-9a47-4d8e-8f3c-3f7f5c7d2a11' }, 'propertyId', 422],
    [{ agentId: '5b0b5f0e-9a47-4d8e-8f3c-3f7f5c7d2a11' }, 'agentId', 422],
  ])('refuses a visit with %p, naming the field', async (change, field, status) => {
    const response = await as(staff.agent.auth).post('/visits', { leadId, scheduledAt: inDays(2), ...change }).expect(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('keeps automation rules to admins, validates their messages and variables, and reads them back', async () => {
    await as(staff.agent.auth).get('/automations').expect(403);
    await as(staff.agent.auth).put('/automations/visitReminder', { enabled: false }).expect(403);
    const admin = as(staff.admin.auth);
    const needsMessage = await admin.put('/automations/visitReminder', { enabled: true }).expect(400);
    expect(needsMessage.body.errors).toEqual([expect.objectContaining({ path: 'message' })]);
    const unknown = await admin.put('/automations/newListingAlert', { enabled: true, message: { kind: 'text', body: 'Hola {{visit.date}}' } }).expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ path: 'message.body', message: expect.stringContaining('visit.date') });
    const reminder = { enabled: true, hoursBefore: 3, message: { kind: 'text', body: 'Te esperamos a las {{visit.time}}' } };
    expect((await admin.put('/automations/visitReminder', reminder).expect(200)).body).toEqual(reminder);
    const { body } = await admin.get('/automations').expect(200);
    expect(body.rules.visitReminder).toEqual(reminder);
    expect(body.rules.visitConfirmation).toEqual({ enabled: false, message: null });
    expect(body.variables.visits).toContain('visit.time');
    expect(body.variables.alerts).not.toContain('visit.time');
  });
});
