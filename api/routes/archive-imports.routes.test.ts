import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { binaryBody, createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { startWorkerProcess, type WorkerProcess } from '../../testing/service-process';
import { zipEntries } from '../../testing/zip-entries';
import { TENANT_MODELS } from '../../prisma/tenant-models';
import { NO_PASSWORD } from '../../services/archive-imports/archive-entities';
import { manifestOf, zipOf } from '../../services/archive-imports/testing/archive-zip';
import { uploadFile } from '../../testing/uploads';

type Staff = Awaited<ReturnType<typeof createStaffedTenant>>;
interface ImportView {
  id: string | null;
  status: string;
  entities: { file: string; rows: number; create: number; merge: number; refuse: number; created: number; undone: number }[];
  notImported: { file: string; rows: number; reconnect: boolean }[];
  refused: { file: string; line: number; reason: string }[];
  totals: { before: Record<string, number>; after: Record<string, number> | null };
}

const IMPORTED_FILES = ['users.jsonl', 'properties.jsonl', 'leads.jsonl', 'lead-events.jsonl', 'lead-property-interests.jsonl', 'visits.jsonl', 'conversations.jsonl', 'campaigns.jsonl', 'messages.jsonl', 'campaign-recipients.jsonl', 'whatsapp-templates.jsonl', 'assistants.jsonl', 'import-mappings.jsonl'];

/** A demo-like agency: leads with events, properties, an interest and a visit, a conversation, a campaign caught mid-run. */
async function seedAgency(api: TestApi, staff: Staff, marker: string) {
  const tenantId = staff.tenant.id;
  await api.db.inTenant(tenantId, async (tx) => {
    await tx.tenant.update({ where: { id: tenantId }, data: { settings: { slaMinutes: 12, roundRobin: [staff.agent.id] }, timeZone: 'America/Santiago' } });
    const property = await tx.property.create({ data: { tenantId, title: marker, price: 150000, operation: 'SALE', type: 'HOUSE', zone: 'Palermo', externalRef: `ref-${marker}` } });
    await tx.property.create({ data: { tenantId, title: `${marker} 2`, price: 90000, operation: 'RENT', type: 'APARTMENT', zone: 'Belgrano' } });
    const leads = [];
    for (let n = 0; n < 3; n += 1) {
      const lead = await tx.lead.create({ data: { tenantId, name: `${marker} ${n}`, phone: `+54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, assignedAgentId: n === 0 ? staff.agent.id : null, tags: ['compra'] } });
      await tx.event.create({ data: { tenantId, leadId: lead.id, type: 'lead.created', actorId: staff.admin.id, payload: { propertyId: property.id } } });
      leads.push(lead);
    }
    const [first, second] = leads as [(typeof leads)[number], (typeof leads)[number]];
    await tx.leadPropertyInterest.create({ data: { tenantId, leadId: first.id, propertyId: property.id } });
    await tx.visit.create({ data: { tenantId, leadId: first.id, propertyId: property.id, agentId: staff.agent.id, scheduledAt: new Date(Date.now() + 86_400_000) } });
    const conversation = await tx.conversation.create({ data: { tenantId, leadId: first.id, channel: 'WHATSAPP_CLOUD', contact: first.phone!, assigneeId: staff.agent.id, workflowId: `conversation:${tenantId}:x` } });
    const campaign = await tx.campaign.create({ data: { tenantId, name: marker, type: 'FIDELIZACION', status: 'RUNNING', workflowId: `campaign:${tenantId}:x`, createdById: staff.admin.id, trigger: `new_listing:${property.id}` } });
    const outbound = await tx.message.create({ data: { tenantId, leadId: first.id, conversationId: conversation.id, campaignId: campaign.id, direction: 'OUTBOUND', type: 'TEMPLATE', channel: 'WHATSAPP_CLOUD', body: marker, status: 'DELIVERED', providerMessageId: `wamid.${marker}`, sentById: staff.agent.id } });
    await tx.message.create({ data: { tenantId, leadId: first.id, conversationId: conversation.id, direction: 'INBOUND', type: 'TEXT', channel: 'WHATSAPP_CLOUD', body: `${marker} hola`, status: 'RECEIVED' } });
    await tx.campaignRecipient.create({ data: { tenantId, campaignId: campaign.id, leadId: first.id, seq: 1, phone: first.phone!, status: 'DELIVERED', messageId: outbound.id } });
    await tx.campaignRecipient.create({ data: { tenantId, campaignId: campaign.id, leadId: second.id, seq: 2, phone: second.phone!, status: 'PENDING' } });
    await tx.whatsAppTemplate.create({ data: { tenantId, name: marker.toLowerCase(), language: 'es', category: 'MARKETING', status: 'APPROVED' } });
    await tx.assistant.create({ data: { tenantId, name: marker } });
    await tx.importMapping.create({ data: { tenantId, entity: 'LEADS', name: marker, columns: { Tel: 'phone' } } });
    await tx.tenantIntegration.create({ data: { tenantId, provider: 'ELEVENLABS', encryptedConfig: `sealed-${marker}`, keyId: 'k1' } });
    await tx.whatsAppChannel.create({ data: { tenantId, phoneNumberId: String(Math.floor(Math.random() * 1e12)), verifyTokenHash: `verify-${marker}` } });
  });
}

/** The files sent for imports: stored when sent, before any import reads them. */
const UPLOADS = ['Upload', 'UploadChunk'];

/** Every row the agency owns but its uploads, as text, and a checksum of all of it. */
async function snapshotOf(tenantId: string) {
  const tables = [...TENANT_MODELS].filter((table) => !UPLOADS.includes(table)).sort();
  const rows = await Promise.all(tables.map((table) => adminQuery<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "${table}" t WHERE "tenantId" = $1 ORDER BY 1`, [tenantId])));
  const tenant = await adminQuery<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "Tenant" t WHERE id = $1`, [tenantId]);
  const text = JSON.stringify({ tables: rows, tenant });
  const [{ md5 }] = (await adminQuery<{ md5: string }>(`SELECT md5($1)`, [text])) as [{ md5: string }];
  return { md5, text, counts: Object.fromEntries(tables.map((table, index) => [table, rows[index]!.length])) };
}

const idsOf = async (tenantId: string) =>
  (await Promise.all([...TENANT_MODELS].filter((table) => ![...UPLOADS, 'DataImportRow', 'Outbox', 'PendingStatus', 'WebhookDelivery'].includes(table)).map((table) => adminQuery<{ id: string }>(`SELECT id::text FROM "${table}" WHERE "tenantId" = $1`, [tenantId])))).flat().map((row) => row.id);

describe('archive imports: an agency export brought into a new agency', () => {
  let api: TestApi;
  let worker: WorkerProcess;
  let platform: string;
  let a: Staff;
  let b: Staff;
  let archive: Buffer;
  let manifest: { entities: { file: string; rows: number }[] };
  let aBefore: Awaited<ReturnType<typeof snapshotOf>>;
  let bBefore: Awaited<ReturnType<typeof snapshotOf>>;
  let importId: string;
  const marker = `Origen${randomUUID().slice(0, 8)}`;

  /** Uploads the zip into the agency the import targets (a platform admin's path names it), then imports it, expecting `status`. */
  const send = (path: string, auth: string, zip: Buffer, fileName = 'agencia.zip') => ({
    async expect(status: number) {
      const uploads = path.startsWith('/platform/') ? `/api${path.slice(0, path.indexOf('/archive-imports'))}/uploads` : '/api/uploads';
      const uploadId = await uploadFile(api.app, auth, fileName, zip, uploads);
      const answer = await request(api.app).post(`/api${path}`).set('Authorization', auth).send({ uploadId });
      expect([answer.status, answer.body]).toEqual([status, answer.body]);
      return answer;
    },
  });
  const settled = (tenantId: string, id: string, status: string) =>
    eventually(async () => (await request(api.app).get(`/api/platform/tenants/${tenantId}/archive-imports/${id}`).set('Authorization', platform)).body as ImportView, (body) => body.status === status || body.status === 'FAILED', 60_000, 200);
  const rowsOf = (file: string) => manifest.entities.find((entity) => entity.file === file)!.rows;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startWorkerProcess(api.deps.config.temporal.taskQueue);
    platform = await platformBearer(api.db);
    [a, b] = [await createStaffedTenant(api.db, 'Origen'), await createStaffedTenant(api.db, 'Destino')];
    await seedAgency(api, a, marker);
    const response = await request(api.app).get(`/api/platform/tenants/${a.tenant.id}/export`).set('Authorization', platform).buffer(true).parse(binaryBody).expect(200);
    archive = response.body as Buffer;
    manifest = JSON.parse(zipEntries(archive).get('manifest.json')!.toString('utf8')) as typeof manifest;
    aBefore = await snapshotOf(a.tenant.id);
    bBefore = await snapshotOf(b.tenant.id);
  });
  afterAll(async () => {
    await worker.stop();
    await api.close();
  });

  it('answers a dry run per entity without writing anything', async () => {
    const { body } = (await send(`/platform/tenants/${b.tenant.id}/archive-imports?dryRun=true`, platform, archive).expect(202)) as { body: ImportView };
    expect(body).toMatchObject({ id: null, status: 'DRY_RUN', refused: [] });
    for (const file of IMPORTED_FILES) expect(body.entities.find((entity) => entity.file === file)).toMatchObject({ rows: rowsOf(file), create: rowsOf(file), refuse: 0 });
    expect(body.notImported.filter((entity) => entity.reconnect).map((entity) => [entity.file, entity.rows])).toEqual([
      ['integrations.jsonl', 1],
      ['whatsapp-channels.jsonl', 1],
      ['meta-lead-pages.jsonl', 0],
    ]);
    expect(body.notImported.map((entity) => entity.file)).toEqual(expect.arrayContaining(['api-keys.jsonl', 'audit-log.jsonl', 'imports.jsonl', 'import-rows.jsonl']));
    expect((await snapshotOf(b.tenant.id)).md5).toBe(bBefore.md5);
  });

  it('imports every entity under new ids, reproducing the counts, and leaves the exporting agency as it was', async () => {
    const started = await send(`/platform/tenants/${b.tenant.id}/archive-imports`, platform, archive).expect(202);
    importId = (started.body as ImportView).id!;
    const done = await settled(b.tenant.id, importId, 'APPLIED');
    expect(done.status).toBe('APPLIED');
    for (const file of IMPORTED_FILES) {
      expect([file, done.totals.after![file]! - done.totals.before[file]!]).toEqual([file, rowsOf(file)]);
      expect(done.entities.find((entity) => entity.file === file)).toMatchObject({ file, created: rowsOf(file) });
    }
    expect(done.totals.after!['integrations.jsonl']).toBe(0);
    expect(done.totals.after!['whatsapp-channels.jsonl']).toBe(0);

    const aIds = new Set(await idsOf(a.tenant.id));
    expect((await idsOf(b.tenant.id)).filter((id) => aIds.has(id))).toEqual([]);
    const bText = (await snapshotOf(b.tenant.id)).text;
    expect([...aIds].filter((id) => bText.includes(id))).toEqual([]);
    expect(bText).toContain(marker);

    const after = await snapshotOf(a.tenant.id);
    expect(after.counts).toEqual(aBefore.counts);
    expect(after.md5).toBe(aBefore.md5);
  });

  it('brings campaigns as history, users without a way to sign in, references and settings following the new ids', async () => {
    const [campaign] = await adminQuery<{ status: string; workflowId: string | null; trigger: string; createdById: string }>(`SELECT status, "workflowId", trigger, "createdById" FROM "Campaign" WHERE "tenantId" = $1`, [b.tenant.id]);
    expect(campaign).toMatchObject({ status: 'CANCELLED', workflowId: null });
    const [property] = await adminQuery<{ id: string }>(`SELECT id FROM "Property" WHERE "tenantId" = $1 AND "externalRef" IS NOT NULL`, [b.tenant.id]);
    expect(campaign!.trigger).toBe(`new_listing:${property!.id}`);
    const imported = await adminQuery<{ email: string; passwordHash: string }>(`SELECT email, "passwordHash" FROM "User" WHERE "tenantId" = $1 AND email = ANY($2)`, [b.tenant.id, [a.owner.email, a.admin.email, a.agent.email]]);
    expect(imported.map((user) => user.passwordHash)).toEqual([NO_PASSWORD, NO_PASSWORD, NO_PASSWORD]);
    await request(api.app).post('/api/auth/login').send({ email: a.agent.email, password: a.agent.password, tenant: b.tenant.slug }).expect(401);
    const [agent] = await adminQuery<{ id: string }>(`SELECT id FROM "User" WHERE "tenantId" = $1 AND email = $2`, [b.tenant.id, a.agent.email]);
    const [tenant] = await adminQuery<{ settings: { roundRobin: string[] }; timeZone: string }>(`SELECT settings, "timeZone" FROM "Tenant" WHERE id = $1`, [b.tenant.id]);
    expect(tenant).toMatchObject({ settings: { slaMinutes: 12, roundRobin: [agent!.id] }, timeZone: 'America/Santiago' });
    const [recipient] = await adminQuery<{ messageId: string; conversationId: string }>(
      `SELECT r."messageId", m."conversationId" FROM "CampaignRecipient" r JOIN "Message" m ON m.id = r."messageId" WHERE r."tenantId" = $1`,
      [b.tenant.id],
    );
    expect(recipient?.conversationId).toBeTruthy();
  });

  it('refuses an agency that is not new, and an archive of an unknown format or version, naming the field', async () => {
    const refused = await send(`/platform/tenants/${b.tenant.id}/archive-imports?dryRun=true`, platform, archive).expect(409);
    expect(refused.body.detail).toMatch(/new agency/);
    const fresh = await createStaffedTenant(api.db, 'Fresca');
    for (const [patch, field] of [[{ version: 2 }, 'manifest.version'], [{ format: 'otra-cosa' }, 'manifest.format']] as const) {
      const zip = await zipOf({ 'leads.jsonl': '', 'manifest.json': manifestOf({ 'leads.jsonl': 0 }, patch) });
      const { body } = await send(`/platform/tenants/${fresh.tenant.id}/archive-imports?dryRun=true`, platform, zip).expect(422);
      expect(body.errors[0].path).toBe(field);
      expect(body.detail).toContain(field.slice('manifest.'.length));
    }
    await send(`/platform/tenants/${fresh.tenant.id}/archive-imports?dryRun=true`, platform, Buffer.from('not a zip')).expect(422);
    const noManifest = await zipOf({ 'leads.jsonl': '' });
    await send(`/platform/tenants/${fresh.tenant.id}/archive-imports?dryRun=true`, platform, noManifest).expect(422);
  });

  it("refuses a message that names a conversation the archive does not bring, links users by e-mail, and lets the agency's owner dry-run into their own agency", async () => {
    const fresh = await createStaffedTenant(api.db, 'Forjada');
    const [leadId, ownerId] = [randomUUID(), randomUUID()];
    const message = (conversationId: string) => JSON.stringify({ id: randomUUID(), leadId, conversationId, direction: 'INBOUND', type: 'TEXT', channel: 'WHATSAPP_CLOUD', body: 'hola', status: 'RECEIVED', content: {}, createdAt: '2026-12-01T10:00:00', updatedAt: '2026-12-01T10:00:00' });
    const zip = await zipOf({
      'users.jsonl': `${JSON.stringify({ id: ownerId, email: fresh.owner.email.toUpperCase(), name: 'Dueña', role: 'OWNER' })}\n`,
      'leads.jsonl': `${JSON.stringify({ id: leadId, name: 'Forjado', phone: '+5491170000001', assignedAgentId: ownerId, tags: [], origin: 'MANUAL', stage: 'NEW', optOut: false, createdAt: '2026-12-01T10:00:00', updatedAt: '2026-12-01T10:00:00' })}\n`,
      'messages.jsonl': `${message(randomUUID())}\n${message(a.tenant.id)}\n`,
      'manifest.json': manifestOf({ 'users.jsonl': 1, 'leads.jsonl': 1, 'messages.jsonl': 2 }),
    });
    await send('/archive-imports?dryRun=true', fresh.admin.auth, zip).expect(403);
    const { body } = (await send('/archive-imports?dryRun=true', fresh.owner.auth, zip).expect(202)) as { body: ImportView };
    expect(body.entities.find((entity) => entity.file === 'messages.jsonl')).toMatchObject({ rows: 2, create: 0, refuse: 2 });
    expect(body.refused).toEqual([
      { file: 'messages.jsonl', line: 1, reason: expect.stringContaining('conversationId') },
      { file: 'messages.jsonl', line: 2, reason: expect.stringContaining('conversationId') },
    ]);
    // The agency's owner is the archive's user with the same e-mail: linked, not created, and the lead assigned to them is kept.
    expect(body.entities.find((entity) => entity.file === 'users.jsonl')).toMatchObject({ rows: 1, create: 0, merge: 1 });
    expect(body.entities.find((entity) => entity.file === 'leads.jsonl')).toMatchObject({ rows: 1, create: 1 });
    expect(await adminQuery(`SELECT 1 FROM "Lead" WHERE "tenantId" = $1`, [fresh.tenant.id])).toEqual([]);
  });

  it("refuses undo while rows added since hang from imported ones, then removes only the import's rows", async () => {
    const [lead] = await adminQuery<{ id: string; phone: string }>(`SELECT id, phone FROM "Lead" WHERE "tenantId" = $1 LIMIT 1`, [b.tenant.id]);
    const added = await api.db.inTenant(b.tenant.id, (tx) => tx.event.create({ data: { tenantId: b.tenant.id, leadId: lead!.id, type: 'note' } }));
    const refused = await request(api.app).post(`/api/platform/tenants/${b.tenant.id}/archive-imports/${importId}/undo`).set('Authorization', platform).expect(409);
    expect(refused.body.detail).toMatch(/Event/);
    await api.db.inTenant(b.tenant.id, (tx) => tx.event.delete({ where: { id: added.id } }));
    const ownLead = await request(api.app).post('/api/leads').set('Authorization', b.admin.auth).send({ name: 'Propio', phone: '+5491170000009' }).expect(201);

    await request(api.app).post(`/api/archive-imports/${importId}/undo`).set('Authorization', b.owner.auth).expect(202);
    const undone = await settled(b.tenant.id, importId, 'UNDONE');
    expect(undone.status).toBe('UNDONE');
    for (const file of IMPORTED_FILES) expect(undone.entities.find((entity) => entity.file === file)).toMatchObject({ file, undone: rowsOf(file) });
    expect(await adminQuery<{ id: string }>(`SELECT id FROM "Lead" WHERE "tenantId" = $1`, [b.tenant.id])).toEqual([{ id: ownLead.body.id }]);
    const users = await adminQuery<{ id: string }>(`SELECT id FROM "User" WHERE "tenantId" = $1 ORDER BY id`, [b.tenant.id]);
    expect(users.map((user) => user.id)).toEqual([b.owner.id, b.admin.id, b.agent.id].sort());
    const [tenant] = await adminQuery<{ settings: object; timeZone: string }>(`SELECT settings, "timeZone" FROM "Tenant" WHERE id = $1`, [b.tenant.id]);
    expect(tenant).toEqual({ settings: {}, timeZone: b.tenant.timeZone });
    for (const table of ['Property', 'Conversation', 'Message', 'Campaign', 'CampaignRecipient', 'Visit', 'WhatsAppTemplate', 'Assistant', 'ImportMapping']) {
      expect([table, await adminQuery(`SELECT id FROM "${table}" WHERE "tenantId" = $1`, [b.tenant.id])]).toEqual([table, []]);
    }
    expect((await snapshotOf(a.tenant.id)).md5).toBe(aBefore.md5);
  });

  it('hides archive imports from the spreadsheet import routes, and another agency cannot see them', async () => {
    await request(api.app).get(`/api/imports/${importId}`).set('Authorization', b.owner.auth).expect(404);
    const { body } = await request(api.app).get('/api/imports').set('Authorization', b.owner.auth).expect(200);
    expect((body as { items: { id: string }[] }).items.map((item) => item.id)).not.toContain(importId);
    await request(api.app).get(`/api/archive-imports/${importId}`).set('Authorization', a.owner.auth).expect(404);
    await request(api.app).get(`/api/platform/tenants/${a.tenant.id}/archive-imports/${importId}`).set('Authorization', platform).expect(404);
  });
});
