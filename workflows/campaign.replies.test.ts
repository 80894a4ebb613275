import request from 'supertest';
import { OPT_OUT_CONFIRMATION } from '../domain/opt-out';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { eventually } from '../testing/eventually';
import { configureWhatsAppChannel, startWhatsAppStack, type TestNumber } from '../testing/whatsapp-harness';

const APP_SECRET = 'astor-development-app-secret';
const LEADS = ['+5491150000001', '+5491150000002', '+5491150000003'];

describe('campaign statuses, replies and opt-outs arriving through webhooks', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let number: TestNumber;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Respuestas');
    number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
    stack = await startWhatsAppStack(api, [number], { statuses: ['sent', 'delivered', 'read'], statusDelayMs: 5 });
    for (const phone of LEADS) await request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).send({ phone, name: 'Cliente', tags: ['respuestas'] }).expect(201);
  });
  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  it('counts delivered, read and replied, opens a conversation for the reply, and opts out a BAJA once', async () => {
    const admin = (path: string) => request(api.app).post(`/api${path}`).set('Authorization', staff.admin.auth);
    const get = (path: string) => request(api.app).get(`/api${path}`).set('Authorization', staff.admin.auth);
    const { body: campaign } = await admin('/campaigns').send({ name: 'Fidelización', type: 'FIDELIZACION', audience: { tags: ['respuestas'] }, content: { kind: 'template', name: 'hola', language: 'es', variables: [] } }).expect(201);
    await admin(`/campaigns/${campaign.id}/launch`).expect(202);
    await eventually(async () => (await get(`/campaigns/${campaign.id}/report`)).body, (report) => report.status === 'COMPLETED' && report.read === 3, 30_000, 200);

    await stack.fake.deliverInbound(number.phoneNumberId, { from: LEADS[0]!.slice(1), id: 'wamid.reply-1', text: 'Me interesa, ¿cuándo puedo verla?' });
    for (let i = 0; i < 2; i += 1) await stack.fake.deliverInbound(number.phoneNumberId, { from: LEADS[1]!.slice(1), id: 'wamid.baja-1', text: 'BAJA' });

    const report = await eventually(async () => (await get(`/campaigns/${campaign.id}/report`)).body, (body) => body.replied === 2, 30_000, 200);
    expect(report).toMatchObject({ sent: 3, delivered: 3, read: 3, replied: 2, rates: { replied: 0.667 }, timeline: { unit: 'hour' } });
    const timeline = report.timeline as { points: { at: string; sent: number; replied: number }[] };
    expect(timeline.points.reduce((sums, point) => ({ sent: sums.sent + point.sent, replied: sums.replied + point.replied }), { sent: 0, replied: 0 })).toEqual({ sent: 3, replied: 2 });
    expect(timeline.points[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00$/);
    const conversations = await adminQuery<{ contact: string }>(`SELECT contact FROM "Conversation" WHERE "tenantId" = $1`, [staff.tenant.id]);
    expect(conversations.map((row) => row.contact).sort()).toEqual([LEADS[0], LEADS[1]]);

    await eventually(() => stack.fake.sentTo(LEADS[1]!).filter((message) => JSON.stringify(message).includes('no te enviaremos')).length, (n) => n === 1, 20_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(stack.fake.sentTo(LEADS[1]!).filter((message) => JSON.stringify(message).includes(OPT_OUT_CONFIRMATION.slice(0, 30)))).toHaveLength(1);
    const [optedOut] = await adminQuery<{ optOut: boolean }>(`SELECT "optOut" FROM "Lead" WHERE "tenantId" = $1 AND phone = $2`, [staff.tenant.id, LEADS[1]]);
    expect(optedOut!.optOut).toBe(true);
    const { body: preview } = await admin('/campaigns/audience-preview').send({ audience: { tags: ['respuestas'] } }).expect(200);
    expect(preview.count).toBe(2);
  }, 90_000);

  it('credits a button pressed under an older campaign to that campaign, not to the latest one that reached the lead', async () => {
    const admin = (path: string) => request(api.app).post(`/api${path}`).set('Authorization', staff.admin.auth);
    const report = async (id: string) => (await request(api.app).get(`/api/campaigns/${id}/report`).set('Authorization', staff.admin.auth)).body;
    const phone = '+5491150000009';
    await admin('/leads').send({ phone, name: 'Botonera', tags: ['botones'] }).expect(201);
    const launch = async (name: string) => {
      const { body } = await admin('/campaigns').send({ name, type: 'OPORTUNIDADES', audience: { tags: ['botones'] }, content: { kind: 'template', name: 'hola', language: 'es', variables: [] } }).expect(201);
      await admin(`/campaigns/${body.id}/launch`).expect(202);
      await eventually(() => report(body.id), (current) => current.status === 'COMPLETED' && current.sent === 1, 30_000, 200);
      return body.id as string;
    };
    const older = await launch('Oportunidades de marzo');
    const newer = await launch('Oportunidades de abril');
    const [pressedUnder] = await adminQuery<{ providerMessageId: string }>(`SELECT "providerMessageId" FROM "CampaignRecipient" WHERE "campaignId" = $1`, [older]);

    await stack.fake.deliverInbound(number.phoneNumberId, { from: phone.slice(1), id: 'wamid.button-1', replyTo: pressedUnder!.providerMessageId, message: { type: 'button', button: { payload: 'ME_INTERESA', text: 'Me interesa' } } });
    expect(await eventually(() => report(older), (current) => current.replied === 1, 30_000, 200)).toMatchObject({ replied: 1 });
    expect(await report(newer)).toMatchObject({ replied: 0 });
    const [reply] = await adminQuery<{ campaignId: string; processedAt: Date | null }>(`SELECT "campaignId", "processedAt" FROM "Message" WHERE "providerMessageId" = 'wamid.button-1'`);
    expect(reply).toMatchObject({ campaignId: older, processedAt: expect.any(Date) });
    const noted = await adminQuery<{ payload: object }>(`SELECT payload FROM "Event" e JOIN "Lead" l ON l.id = e."leadId" WHERE e."tenantId" = $1 AND l.phone = $2 AND e.type = 'campaign.replied'`,
      [staff.tenant.id, phone],
    );
    expect(noted.map((event) => event.payload)).toEqual([{ campaignId: older, by: 'quoted_message' }]);
  }, 90_000);
});
