import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { visitDateParts } from '../activities/automation/automation-message';
import { workflowIds } from '../domain/temporal-contracts';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { eventually } from '../testing/eventually';
import { onTemporalClock, skipToEnd } from '../testing/time-skipping';
import { configureWhatsAppChannel, startWhatsAppStack, type TestNumber } from '../testing/whatsapp-harness';

const APP_SECRET = 'astor-development-app-secret';
const template = (name: string, variables: string[]) => ({ kind: 'template', name, language: 'es_AR', variables });
const SECOND_MS = 1_000;
const HOUR_MS = 3_600_000;

type Staff = Awaited<ReturnType<typeof createStaffedTenant>>;
type Stack = Awaited<ReturnType<typeof startWhatsAppStack>>;

describe('automations: visit messages and property alerts, as durable workflows', () => {
  let api: TestApi;
  let stack: Stack;
  let staff: Staff;
  let slow: Staff;
  const numbers: TestNumber[] = [];

  const call = (who: Staff, method: 'get' | 'post' | 'patch' | 'put', path: string) => request(api.app)[method](`/api${path}`).set('Authorization', who.admin.auth);
  /** Templates the fake Graph API accepted for a phone: name and body parameters. */
  const templatesTo = (phone: string) =>
    stack.fake.sentTo(phone).map((message) => {
      const sent = message.body.template as { name: string; components?: { parameters: { text: string }[] }[] };
      return { name: sent.name, params: sent.components?.[0]?.parameters.map((parameter) => parameter.text) ?? [] };
    });
  const lead = async (who: Staff, phone: string, extra: object = {}) => (await call(who, 'post', '/leads').send({ phone, name: 'Ana Pérez', ...extra }).expect(201)).body.id as string;

  beforeAll(async () => {
    api = await startTestApi({ env: onTemporalClock() });
    staff = await createStaffedTenant(api.db, 'Automatizaciones');
    slow = await createStaffedTenant(api.db, 'Alertas lentas');
    numbers.push(await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET), await configureWhatsAppChannel(api.db, slow.tenant.id, APP_SECRET));
    await adminQuery(`UPDATE "WhatsAppChannel" SET "messagesPerSecond" = 1 WHERE "tenantId" = $1`, [slow.tenant.id]);
    stack = await startWhatsAppStack(api, numbers, { statuses: [] });
    await call(staff, 'put', '/automations/visitConfirmation').send({ enabled: true, message: template('visita_confirmada', ['{{lead.firstName|hola}}', '{{visit.date}}', '{{visit.time}}', '{{visit.address|nuestra oficina}}']) }).expect(200);
    await call(staff, 'put', '/automations/visitReminder').send({ enabled: true, hoursBefore: 1, message: template('visita_recordatorio', ['{{visit.time}}']) }).expect(200);
    await call(staff, 'put', '/automations/visitFollowUp').send({ enabled: true, hoursAfter: 1, message: template('visita_seguimiento', ['{{agent.name|tu asesor}}']) }).expect(200);
    for (const who of [staff, slow]) {
      await call(who, 'put', '/automations/newListingAlert').send({ enabled: true, message: template('nueva_propiedad', ['{{lead.firstName|hola}}', '{{property.title}}', '{{property.price}}']) }).expect(200);
      await call(who, 'put', '/automations/priceDropAlert').send({ enabled: true, minDropPercent: 5, message: template('baja_precio', ['{{property.title}}', '{{property.price}}']) }).expect(200);
    }
  });
  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  it('confirms a visit at once, reminds before it and follows up after it, each exactly once (on the workflow’s clock)', async () => {
    const phone = '+5491140000001';
    const leadId = await lead(staff, phone);
    const property = await call(staff, 'post', '/properties').send({ title: 'PH en Boedo', price: 90000, operation: 'RENT', type: 'PH', zone: 'Boedo', address: 'Av. Boedo 1234' }).expect(201);
    const scheduledAt = new Date(Date.now() + 3 * HOUR_MS);
    const { body: visit } = await call(staff, 'post', '/visits').send({ leadId, propertyId: property.body.id, agentId: staff.agent.id, scheduledAt: scheduledAt.toISOString() }).expect(201);

    const when = visitDateParts(scheduledAt, 'es-AR', 'America/Argentina/Buenos_Aires');
    await eventually(() => templatesTo(phone), (sent) => sent.length === 1, 10_000, 100);
    expect(templatesTo(phone)).toEqual([{ name: 'visita_confirmada', params: ['Ana', when.date, when.time, 'Av. Boedo 1234'] }]);

    const outcome = await skipToEnd(api.temporal, workflowIds.visit(staff.tenant.id, visit.id));
    expect(outcome).toEqual({ outcome: 'completed', sent: ['confirmation', 'reminder', 'followUp'] });
    const sent = templatesTo(phone);
    expect(sent.map((message) => message.name)).toEqual(['visita_confirmada', 'visita_recordatorio', 'visita_seguimiento']);
    expect(sent[1]!.params).toEqual([when.time]);
    expect(sent[2]!.params).toEqual([staff.agent.name]);
  }, 60_000);

  it('confirms a moved visit again and stops everything when it is cancelled', async () => {
    const phone = '+5491140000002';
    const leadId = await lead(staff, phone);
    const { body: visit } = await call(staff, 'post', '/visits').send({ leadId, scheduledAt: new Date(Date.now() + 60 * SECOND_MS).toISOString() }).expect(201);
    await eventually(() => templatesTo(phone).length, (n) => n === 1, 10_000, 100);

    const movedTo = new Date(Date.now() + 90 * SECOND_MS);
    await call(staff, 'patch', `/visits/${visit.id}`).send({ scheduledAt: movedTo.toISOString() }).expect(200);
    await eventually(() => templatesTo(phone).length, (n) => n === 2, 10_000, 100);
    expect(templatesTo(phone)[1]!.params[2]).toBe(visitDateParts(movedTo, 'es-AR', 'America/Argentina/Buenos_Aires').time);

    await call(staff, 'patch', `/visits/${visit.id}`).send({ status: 'CANCELLED' }).expect(200);
    const outcome = await api.temporal.workflow.getHandle(workflowIds.visit(staff.tenant.id, visit.id)).result();
    expect(outcome).toEqual({ outcome: 'cancelled', sent: ['confirmation', 'confirmation'] });
    expect((await call(staff, 'patch', `/visits/${visit.id}`).send({ scheduledAt: movedTo.toISOString() })).status).toBe(409);
    const events = await adminQuery<{ type: string }>(`SELECT type FROM "Event" WHERE "leadId" = $1 AND type LIKE 'visit.%' ORDER BY "createdAt"`, [leadId]);
    expect(events.map((event) => event.type)).toEqual(['visit.scheduled', 'visit.rescheduled', 'visit.cancelled']);
  }, 60_000);

  it('alerts the leads a new listing fits, and interested leads when its price drops enough', async () => {
    const fits = '+5491140000011';
    const otherSearch = '+5491140000012';
    const optedOut = '+5491140000013';
    await lead(staff, fits, { searchOperation: 'SALE', searchType: 'APARTMENT', searchZone: 'Palermo', budgetMax: 200000, budgetCurrency: 'USD' });
    await lead(staff, otherSearch, { searchOperation: 'RENT', searchType: 'APARTMENT', searchZone: 'Palermo' });
    const optedOutId = await lead(staff, optedOut, { searchOperation: 'SALE', searchType: 'APARTMENT', searchZone: 'Palermo', budgetMax: 200000, budgetCurrency: 'USD' });
    await adminQuery(`UPDATE "Lead" SET "optOut" = true WHERE id = $1`, [optedOutId]);

    const { body: property } = await call(staff, 'post', '/properties').send({ title: '3 ambientes en Palermo', price: 180000, currency: 'USD', operation: 'SALE', type: 'APARTMENT', zone: 'Palermo' }).expect(201);
    const campaigns = async () => adminQuery<{ name: string; status: string; trigger: string }>(`SELECT name, status, trigger FROM "Campaign" WHERE "tenantId" = $1 ORDER BY "createdAt"`, [staff.tenant.id]);
    await eventually(campaigns, (rows) => rows.length === 1 && rows[0]!.status === 'COMPLETED', 20_000, 200);
    expect(await campaigns()).toEqual([{ name: 'Nueva propiedad: 3 ambientes en Palermo', status: 'COMPLETED', trigger: `new_listing:${property.id}` }]);
    expect(templatesTo(fits)).toEqual([{ name: 'nueva_propiedad', params: ['Ana', '3 ambientes en Palermo', 'USD 180.000'] }]);
    expect(templatesTo(otherSearch)).toEqual([]);
    expect(templatesTo(optedOut)).toEqual([]);

    await call(staff, 'patch', `/properties/${property.id}`).send({ price: 175000 }).expect(200);
    await call(staff, 'patch', `/properties/${property.id}`).send({ price: 150000 }).expect(200);
    await eventually(campaigns, (rows) => rows.length === 2 && rows[1]!.status === 'COMPLETED', 20_000, 200);
    expect((await campaigns())[1]).toMatchObject({ name: 'Bajó de precio: 3 ambientes en Palermo', trigger: `price_drop:${property.id}` });
    expect(templatesTo(fits).map((message) => message.params)).toEqual([
      ['Ana', '3 ambientes en Palermo', 'USD 180.000'],
      ['3 ambientes en Palermo', 'USD 150.000'],
    ]);
    const small = await api.temporal.workflow.getHandle(workflowIds.propertyAlert(staff.tenant.id, property.id, 'price_drop', '175000')).result();
    expect(small).toEqual({ outcome: 'drop_too_small' });
  }, 60_000);

  it('stops a running alert when the property leaves the market', async () => {
    const phones = Array.from({ length: 8 }, (_, i) => `+54911410000${String(i).padStart(2, '0')}`);
    for (const phone of phones) await lead(slow, phone, { searchOperation: 'SALE', searchType: 'HOUSE', budgetMax: 300000, budgetCurrency: 'USD' });
    const { body: property } = await call(slow, 'post', '/properties').send({ title: 'Casa en Tigre', price: 250000, currency: 'USD', operation: 'SALE', type: 'HOUSE', zone: 'Tigre' }).expect(201);
    const sentCount = () => phones.reduce((total, phone) => total + stack.fake.sentTo(phone).length, 0);
    await eventually(sentCount, (n) => n >= 2, 20_000, 100);

    await call(slow, 'patch', `/properties/${property.id}`).send({ status: 'SOLD' }).expect(200);
    const [campaign] = await adminQuery<{ status: string; statusReason: string; id: string }>(`SELECT id, status, "statusReason" FROM "Campaign" WHERE "tenantId" = $1`, [slow.tenant.id]);
    expect(campaign).toMatchObject({ status: 'CANCELLED', statusReason: 'La propiedad dejó de estar disponible' });
    const afterCancel = sentCount();
    await new Promise((resolve) => setTimeout(resolve, 3 * SECOND_MS));
    expect(sentCount()).toBe(afterCancel);
    expect(afterCancel).toBeLessThan(phones.length);
    const skipped = async () => Number((await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "CampaignRecipient" WHERE "campaignId" = $1 AND status = 'SKIPPED'`, [campaign!.id]))[0]!.n);
    // Once the batch in flight has let go of its claims (a slot it waits for at 1/s is up to two seconds away).
    await eventually(skipped, (n) => n === phones.length - afterCancel, 15_000, 100);
  }, 60_000);

  it('sends a property card an agent picks, once however often the button is pressed, into the open conversation', async () => {
    const phone = '+5491140000031';
    await stack.fake.deliverInbound(numbers[0]!.phoneNumberId, { from: phone.slice(1), name: 'Paula', text: 'Busco un depto para alquilar' });
    const leadId = await eventually(
      async () => (await adminQuery<{ id: string }>(`SELECT id FROM "Lead" WHERE "tenantId" = $1 AND phone = $2`, [staff.tenant.id, phone]))[0]?.id,
      (id) => id !== undefined,
      20_000,
      100,
    );
    const { body: property } = await call(staff, 'post', '/properties').send({ title: 'Monoambiente en Caballito', price: 450000, currency: 'ARS', operation: 'RENT', type: 'APARTMENT', zone: 'Caballito', photoUrls: ['https://img.example.com/caballito.jpg'] }).expect(201);
    const card = { propertyId: property.id, requestId: randomUUID() };
    for (let i = 0; i < 2; i += 1) await request(api.app).post(`/api/leads/${leadId}/property-cards`).set('Authorization', staff.agent.auth).send(card).expect(202);
    const images = await eventually(() => stack.fake.sentTo(phone).filter((message) => message.type === 'image'), (sent) => sent.length >= 1, 20_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(stack.fake.sentTo(phone).filter((message) => message.type === 'image')).toHaveLength(1);
    expect(images[0]!.body).toMatchObject({ image: { link: 'https://img.example.com/caballito.jpg', caption: expect.stringContaining('Monoambiente en Caballito (Caballito): ARS 450.000') } });
    const [message] = await adminQuery<{ conversationId: string | null }>(`SELECT "conversationId" FROM "Message" WHERE "idempotencyKey" = $1`, [`property-card:${card.requestId}`]);
    expect(message!.conversationId).not.toBeNull();
    const progress = `/api/leads/${leadId}/property-cards/${card.requestId}`;
    expect((await request(api.app).get(progress).set('Authorization', staff.agent.auth).expect(200)).body).toEqual({ state: 'sent' });
    await request(api.app).get(`/api/leads/${leadId}/property-cards/${randomUUID()}`).set('Authorization', staff.agent.auth).expect(404);

    const silent = await lead(staff, '+5491140000032');
    const refused = await request(api.app).post(`/api/leads/${silent}/property-cards`).set('Authorization', staff.agent.auth).send({ propertyId: property.id }).expect(422);
    expect(refused.body.detail).toMatch(/24-hour rule/);
    expect(refused.body.code).toBe('service_window_closed');
  }, 60_000);
});
