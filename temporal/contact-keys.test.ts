import request from 'supertest';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, workflowIds } from '../domain/temporal-contracts';
import { adminQuery } from '../testing/harness';
import { apiKeyFor, createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../testing/api-harness';
import { eventually } from '../testing/eventually';
import { configureWhatsAppChannel, startWhatsAppStack } from '../testing/whatsapp-harness';
import { historyText } from '../testing/workflow-history';
import { contactKey, contactKeys, contactKeysFromDatabase } from './contact-keys';

const FORM_PHONE = '5491139990001';
const WHATSAPP_PHONE = '5491139990002';
const WHATSAPP_NAME = 'Lucía Reservada';

describe('contacts in Temporal', () => {
  let api: TestApi;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let number: Awaited<ReturnType<typeof configureWhatsAppChannel>>;

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Contact keys');
    number = await configureWhatsAppChannel(api.db, staff.tenant.id, 'astor-development-app-secret');
    const tenantId = staff.tenant.id;
    await api.db.inTenant(tenantId, (tx) => tx.assistant.create({ data: { tenantId, name: 'Bot', greeting: '¡Hola! ¿Comprar o alquilar?', faq: [] } }));
    stack = await startWhatsAppStack(api, [number]);
  });

  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  const executionsOf = async (tenantId: string) => {
    const found: WorkflowExecutionInfo[] = [];
    for await (const execution of api.temporal.workflow.list({ query: `${SEARCH_ATTRIBUTES.tenantId} = "${tenantId}"` })) found.push(execution);
    return found;
  };

  it('starts intake and conversation workflows whose ids, search attributes and conversation history carry no phone number', async () => {
    const tenantId = staff.tenant.id;
    const { key } = await apiKeyFor(api.db, tenantId);
    const intake = await request(api.app).post('/api/intake/leads').set('X-Api-Key', key).send({ phone: `+${FORM_PHONE}`, name: 'Marta Formulario', submissionId: 'privacy-1' }).expect(200);
    expect((await stack.fake.deliverInbound(number.phoneNumberId, { from: WHATSAPP_PHONE, name: WHATSAPP_NAME, id: 'wamid.privacy-1', text: 'hola' })).status).toBe(200);
    await eventually(async () => stack.fake.sentTo(WHATSAPP_PHONE), (sent) => sent.length >= 1, 20_000);

    // The intake form's lead, the WhatsApp contact's lead (its first contact) and its conversation.
    const executions = await eventually(() => executionsOf(tenantId), (found) => found.length >= 3, 20_000);
    const keys = contactKeysFromDatabase(api.db);
    const [formKey, whatsappKey] = [await keys.of(tenantId, `+${FORM_PHONE}`), await keys.of(tenantId, `+${WHATSAPP_PHONE}`)];
    expect(executions.map((execution) => execution.workflowId).sort()).toEqual(
      [workflowIds.leadIntake(tenantId, formKey), workflowIds.leadIntake(tenantId, whatsappKey), workflowIds.conversation(tenantId, 'WHATSAPP_CLOUD', whatsappKey)].sort(),
    );
    expect(intake.body.workflowId).toBe(workflowIds.leadIntake(tenantId, formKey));
    for (const execution of executions) {
      const entityIds = execution.searchAttributes[SEARCH_ATTRIBUTES.entityId];
      expect(entityIds).toEqual([execution.workflowId.endsWith(formKey) ? formKey : whatsappKey]);
      const visible = JSON.stringify({ id: execution.workflowId, attributes: execution.searchAttributes, memo: execution.memo ?? null });
      for (const phone of [FORM_PHONE, WHATSAPP_PHONE]) expect(visible).not.toContain(phone.slice(-8));
    }

    // The conversation is started with ids only and reads the contact in its activities: its whole history holds neither number nor name.
    const conversationId = workflowIds.conversation(tenantId, 'WHATSAPP_CLOUD', whatsappKey);
    // The reply goes out from the workflow task that takes the message up: that task is recorded a moment after the send.
    const history = await eventually(() => historyText(api.temporal, conversationId), (text) => text.includes('hola'));
    expect(history).not.toContain(WHATSAPP_PHONE.slice(-8));
    expect(history).not.toContain(WHATSAPP_NAME);

    // The API finds the workflow by what it recorded on the conversation row.
    const [row] = await adminQuery<{ id: string; workflowId: string }>(`SELECT id, "workflowId" FROM "Conversation" WHERE "tenantId" = $1`, [tenantId]);
    expect(row!.workflowId).toBe(conversationId);
    const detail = await request(api.app).get(`/api/conversations/${row!.id}`).set('Authorization', staff.admin.auth).expect(200);
    expect(detail.body.live).toMatchObject({ conversationId: row!.id, mode: 'bot' });
  }, 60_000);

  it('keeps an open conversation with the workflow that took it up under a pre-contact-key id', async () => {
    const tenantId = staff.tenant.id;
    const contact = '5491139990003';
    const legacyId = `conversation:${tenantId}:WHATSAPP_CLOUD:+${contact}`;
    await api.db.inTenant(tenantId, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId, phone: `+${contact}`, origin: 'WHATSAPP' } });
      await tx.conversation.create({ data: { tenantId, leadId: lead.id, channel: 'WHATSAPP_CLOUD', contact: `+${contact}`, workflowId: legacyId } });
    });
    await api.temporal.workflow.start('conversationWorkflow', { workflowId: legacyId, taskQueue: api.deps.config.temporal.taskQueue, args: [{ tenantId, channel: 'WHATSAPP_CLOUD' as const, contact: `+${contact}` }] });
    await stack.fake.deliverInbound(number.phoneNumberId, { from: contact, id: 'wamid.legacy-1', text: 'hola' });
    await eventually(async () => stack.fake.sentTo(contact), (sent) => sent.length >= 1, 20_000);
    const [taken] = await adminQuery<{ processedAt: Date | null }>(`SELECT "processedAt" FROM "Message" WHERE "providerMessageId" = 'wamid.legacy-1'`, []);
    expect(taken!.processedAt).not.toBeNull();
    const newId = workflowIds.conversation(tenantId, 'WHATSAPP_CLOUD', await contactKeysFromDatabase(api.db).of(tenantId, `+${contact}`));
    await expect(api.temporal.workflow.getHandle(newId).describe()).rejects.toThrow(/not found/i);
  }, 30_000);

  it('reads a salt once per agency, and again after a failed read', async () => {
    let reads = 0;
    const keys = contactKeys(async (tenantId) => {
      reads += 1;
      if (reads === 1) throw new Error('database down');
      return Buffer.from(tenantId);
    });
    await expect(keys.of('t1', '+5491100000001')).rejects.toThrow('database down');
    const key = await keys.of('t1', '+5491100000001');
    expect(await keys.of('t1', '+5491100000002')).not.toBe(key);
    expect(key).toBe(contactKey(Buffer.from('t1'), '+5491100000001'));
    expect(reads).toBe(2);
  });

  it('keys each agency with its own random salt, so one contact has unrelated keys in two agencies', async () => {
    const other = await createStaffedTenant(api.db, 'Contact keys too');
    const salts = await adminQuery<{ id: string; salt: Buffer }>(`SELECT id, "contactKeySalt" AS salt FROM "Tenant" WHERE id = ANY($1::uuid[])`, [[staff.tenant.id, other.tenant.id]]);
    expect(salts.map((row) => row.salt.length)).toEqual([32, 32]);
    expect(salts[0]!.salt.equals(salts[1]!.salt)).toBe(false);
    const [first, second] = salts.map((row) => contactKey(row.salt, `+${WHATSAPP_PHONE}`));
    expect(first).toMatch(/^[\w-]{22}$/);
    expect(first).not.toBe(second);

    // The salt is what keeps keys from being recomputed from a phone list: the API and the audit log never show it.
    await request(api.app).patch('/api/tenant').set('Authorization', other.owner.auth).send({ name: 'Contact keys renamed' }).expect(200);
    const own = await request(api.app).get('/api/tenant').set('Authorization', other.owner.auth).expect(200);
    const all = await request(api.app).get('/api/platform/tenants').set('Authorization', await platformBearer(api.db)).expect(200);
    const audited = await adminQuery<{ before: unknown; after: unknown }>(`SELECT before, after FROM "AuditLog" WHERE "tenantId" = $1 AND entity = 'Tenant'`, [other.tenant.id]);
    expect(audited.length).toBeGreaterThan(0);
    expect(JSON.stringify([own.body, all.body, audited])).not.toContain('contactKeySalt');
  });
});
