import { randomBytes, randomInt } from 'node:crypto';
import request from 'supertest';
import { inboundBody, newWamid, postSigned, statusBody } from '../../integrations/whatsapp-cloud/testing/fake-webhooks';
import { inboundMediaStore } from '../../integrations/media-store/media-store';
import { SEARCH_ATTRIBUTES } from '../../domain/temporal-contracts';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { conversationWorkflowIdOf, leadIntakeWorkflowIdOf } from '../../testing/contact-workflow-ids';
import { configureWhatsAppChannel, listenOnLoopback, type TestNumber } from '../../testing/whatsapp-harness';
import { contactKeysFromDatabase } from '../../temporal/contact-keys';

const APP_SECRET = 'astor-development-app-secret';
/** No worker polls it: the workflows started here only have to exist, with their inputs in history. */
const IDLE_QUEUE = 'erasure-test-no-worker';

/** Every row of every table whose text, JSON, array or bytes hold `needle`, as `table.column`. */
async function rowsHolding(needle: string): Promise<string[]> {
  const columns = await adminQuery<{ table: string; column: string; type: string }>(
    `SELECT c.table_name AS table, c.column_name AS column, c.data_type AS type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'bytea', 'USER-DEFINED')`,
  );
  const found: string[] = [];
  for (const { table, column, type } of columns) {
    const holds = type === 'bytea' ? `position(convert_to($1, 'UTF8') IN "${column}") > 0` : `strpos("${column}"::text, $1) > 0`;
    const [row] = await adminQuery<{ count: string }>(`SELECT count(*) AS count FROM "${table}" WHERE ${holds}`, [needle]);
    if (Number(row!.count) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe('erasing a person on request', () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let number: TestNumber;
  const deliver = (body: unknown) => postSigned(`${server.baseUrl}/webhooks/whatsapp`, body, APP_SECRET);
  const newPhone = () => `549117${String(randomInt(1_000_000, 9_999_999))}`;

  beforeAll(async () => {
    api = await startTestApi();
    server = await listenOnLoopback(api.app);
    staff = await createStaffedTenant(api.db, 'Erasure');
    number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
  });

  afterAll(async () => {
    server.close();
    await api.close();
  });

  /** A contact who wrote with a photo, was named and e-mailed by an agent, and got a status before its message was known. */
  async function contactWithHistory(name: string) {
    const phone = newPhone();
    const id = newWamid();
    const photo = { type: 'image', image: { id: `media-${randomBytes(6).toString('hex')}`, mime_type: 'image/jpeg', caption: `Soy ${name}, ¿sigue disponible?` } };
    expect(await deliver(inboundBody(number, { from: phone, id, name, message: photo }))).toBe(200);
    expect(await deliver(statusBody(number, { id: newWamid(), status: 'delivered', recipient: phone }))).toBe(200);
    const [message] = await adminQuery<{ id: string; leadId: string }>(`SELECT id, "leadId" FROM "Message" WHERE "providerMessageId" = $1`, [id]);
    // What the inbound-media activity does once it has the photo.
    await inboundMediaStore(api.deps.config).put(message!.id, Buffer.from(`jpeg of ${name}`));
    await adminQuery(`UPDATE "Message" SET "mediaUrl" = $2, "mimeType" = 'image/jpeg' WHERE id = $1`, [message!.id, `/api/messages/${message!.id}/media`]);
    const email = `${name.split(' ')[0]!.toLowerCase()}.${randomBytes(3).toString('hex')}@correo.test`;
    await request(api.app).patch(`/api/leads/${message!.leadId}`).set('Authorization', staff.agent.auth).send({ name, email }).expect(200);
    return { phone, name, email, leadId: message!.leadId, messageId: message!.id };
  }

  async function startContactWorkflows(phone: string) {
    const tenantId = staff.tenant.id;
    const key = await contactKeysFromDatabase(api.db).of(tenantId, `+${phone}`);
    const searchAttributes = { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [key] };
    const ids = [await conversationWorkflowIdOf(api.db, tenantId, 'WHATSAPP_CLOUD', `+${phone}`), await leadIntakeWorkflowIdOf(api.db, tenantId, `+${phone}`)];
    await api.temporal.workflow.start('conversationWorkflow', { workflowId: ids[0]!, taskQueue: IDLE_QUEUE, args: [{ tenantId, channel: 'WHATSAPP_CLOUD' }], searchAttributes });
    await api.temporal.workflow.start('leadIntakeWorkflow', { workflowId: ids[1]!, taskQueue: IDLE_QUEUE, args: [{ tenantId, phone: `+${phone}` }], searchAttributes });
    return ids;
  }

  // 180 s: seven sweeps of every text column of the shared test database, which grows with the suites run before this one.
  it('leaves no trace of the person anywhere but one audit entry naming who erased it, and nothing of anyone else is touched', async () => {
    const person = await contactWithHistory(`Zoraida Borrable ${randomBytes(3).toString('hex')}`);
    const neighbour = await contactWithHistory(`Anselmo Vecino ${randomBytes(3).toString('hex')}`);
    const workflows = await startContactWorkflows(person.phone);
    const neighbourWorkflows = await startContactWorkflows(neighbour.phone);
    for (const needle of [person.phone, person.name, person.email]) expect(await rowsHolding(needle)).not.toEqual([]);

    await request(api.app).post(`/api/leads/${person.leadId}/erasure`).set('Authorization', staff.admin.auth).expect(403);
    const other = await createStaffedTenant(api.db, 'Erasure other');
    await request(api.app).post(`/api/leads/${person.leadId}/erasure`).set('Authorization', other.owner.auth).expect(404);
    await request(api.app).post(`/api/leads/${person.leadId}/erasure`).set('Authorization', staff.owner.auth).expect(204);

    for (const needle of [person.phone, person.name, person.email]) expect(await rowsHolding(needle)).toEqual([]);
    const audit = await adminQuery<{ action: string; actorId: string; before: unknown; after: unknown }>(`SELECT action, "actorId", before, after FROM "AuditLog" WHERE "tenantId" = $1 AND "entityId" = $2 AND action LIKE 'erase%'`, [staff.tenant.id, person.leadId]);
    expect(audit).toEqual([{ action: 'erase', actorId: staff.owner.id, before: null, after: null }]);
    expect(await inboundMediaStore(api.deps.config).has(person.messageId)).toBe(false);
    for (const workflowId of workflows) await expect(api.temporal.workflow.getHandle(workflowId).describe()).rejects.toThrow(/not found/i);
    await request(api.app).post(`/api/leads/${person.leadId}/erasure`).set('Authorization', staff.owner.auth).expect(404);

    const kept = await request(api.app).get(`/api/leads/${neighbour.leadId}`).set('Authorization', staff.owner.auth).expect(200);
    expect(kept.body).toMatchObject({ name: neighbour.name, email: neighbour.email, phone: `+${neighbour.phone}` });
    expect(await rowsHolding(neighbour.phone)).toEqual(expect.arrayContaining(['Lead.phone', 'Conversation.contact', 'WebhookDelivery.body', 'AuditLog.after']));
    expect(await inboundMediaStore(api.deps.config).has(neighbour.messageId)).toBe(true);
    for (const workflowId of neighbourWorkflows) expect((await api.temporal.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    for (const workflowId of neighbourWorkflows) await api.temporal.workflow.getHandle(workflowId).terminate('test cleanup');
  }, 180_000);
});
