import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { apiKeyFor, binaryBody, createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';
import { zipEntries } from '../../testing/zip-entries';
import { TENANT_MODELS } from '../../prisma/tenant-models';
import { EXPORTED_ENTITIES, OMITTED_ENTITIES, readAgencyRows } from '../../prisma/repositories/agency-export';

type Staff = Awaited<ReturnType<typeof createStaffedTenant>>;

async function seedAgency(api: TestApi, staff: Staff, marker: string) {
  const tenantId = staff.tenant.id;
  return api.db.inTenant(tenantId, async (tx) => {
    const lead = await tx.lead.create({ data: { tenantId, name: marker, phone: `+54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } });
    await tx.property.create({ data: { tenantId, title: marker, price: 100000, operation: 'SALE', type: 'HOUSE', zone: 'Palermo' } });
    const conversation = await tx.conversation.create({ data: { tenantId, leadId: lead.id, channel: 'WHATSAPP_CLOUD', contact: lead.phone! } });
    await tx.message.create({ data: { tenantId, leadId: lead.id, conversationId: conversation.id, direction: 'INBOUND', type: 'TEXT', channel: 'WHATSAPP_CLOUD', body: marker, status: 'RECEIVED' } });
    const campaign = await tx.campaign.create({ data: { tenantId, name: marker, type: 'FIDELIZACION' } });
    await tx.campaignRecipient.create({ data: { tenantId, campaignId: campaign.id, leadId: lead.id, seq: 1, phone: lead.phone!, status: 'DELIVERED' } });
    await tx.whatsAppTemplate.create({ data: { tenantId, name: marker, language: 'es', category: 'MARKETING' } });
    await tx.tenantIntegration.create({ data: { tenantId, provider: 'ELEVENLABS', encryptedConfig: `sealed-${marker}-config`, keyId: `key-${marker}` } });
    await tx.whatsAppChannel.create({ data: { tenantId, phoneNumberId: String(Math.floor(Math.random() * 1e12)), verifyTokenHash: `verify-${marker}-hash` } });
  });
}

const lines = (bytes: Buffer | undefined) => (bytes?.toString('utf8') ?? '').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('agency export', () => {
  let api: TestApi;
  let a: Staff;
  let b: Staff;
  const markerA = `agencyA${randomUUID().slice(0, 8)}`;
  const markerB = `agencyB${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    api = await startTestApi();
    [a, b] = [await createStaffedTenant(api.db, 'Exporting'), await createStaffedTenant(api.db, 'Neighbour')];
    await seedAgency(api, a, markerA);
    await seedAgency(api, b, markerB);
    await apiKeyFor(api.db, a.tenant.id);
  });
  afterAll(async () => {
    await api.close();
  });

  const download = (path: string, auth: string) => request(api.app).get(path).set('Authorization', auth).buffer(true).parse(binaryBody);

  it('gives the owner every entity of the agency, counted in the manifest, and none of its secrets', async () => {
    const response = await download('/api/export', a.owner.auth).expect(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="astor-${a.tenant.slug}-\\d{4}-\\d{2}-\\d{2}\\.zip"$`));
    const zip = response.body as Buffer;
    const entries = zipEntries(zip);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { format: string; version: number; tenant: { id: string }; entities: { file: string; rows: number }[]; omitted: Record<string, string> };
    expect(manifest).toMatchObject({ format: 'astor-agency-export', version: 1, tenant: { id: a.tenant.id, slug: a.tenant.slug } });
    expect(Object.keys(manifest.omitted).sort()).toEqual(['AuthSession', 'Outbox', 'PendingStatus', 'Upload', 'UploadChunk', 'WebhookDelivery']);
    for (const { file, rows } of manifest.entities) expect([file, lines(entries.get(file)).length]).toEqual([file, rows]);
    const exportAuditEntry = 1; // written after the rows were counted for the header
    expect(Number(response.headers['x-astor-export-rows']) + exportAuditEntry).toBe(manifest.entities.reduce((sum, entity) => sum + entity.rows, 0));
    const rowsOf = (file: string) => manifest.entities.find((entity) => entity.file === file)?.rows;
    for (const file of ['tenant.jsonl', 'leads.jsonl', 'properties.jsonl', 'conversations.jsonl', 'messages.jsonl', 'campaigns.jsonl', 'campaign-recipients.jsonl', 'whatsapp-templates.jsonl', 'integrations.jsonl', 'whatsapp-channels.jsonl', 'api-keys.jsonl']) {
      expect([file, rowsOf(file)]).toEqual([file, 1]);
    }
    expect(rowsOf('users.jsonl')).toBe(3);
    expect(lines(entries.get('messages.jsonl'))[0]).toMatchObject({ body: markerA, direction: 'INBOUND' });
    expect(lines(entries.get('integrations.jsonl'))[0]).toMatchObject({ provider: 'ELEVENLABS' });

    const everything = [...entries.values()].map((bytes) => bytes.toString('utf8')).join('\n');
    const hashes = await adminQuery<{ secret: string }>(
      `SELECT "passwordHash" AS secret FROM "User" WHERE "tenantId" = $1 UNION ALL SELECT "secretHash" FROM "ApiKey" WHERE "tenantId" = $1 UNION ALL SELECT encode("contactKeySalt", 'hex') FROM "Tenant" WHERE id = $1`,
      [a.tenant.id],
    );
    const secrets = [...hashes.map((row) => row.secret), `sealed-${markerA}-config`, `key-${markerA}`, `verify-${markerA}-hash`];
    expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
    const rowsOnly = [...entries].filter(([name]) => name !== 'manifest.json').map(([, bytes]) => bytes.toString('utf8')).join('\n');
    expect(rowsOnly).not.toMatch(/passwordHash|secretHash|encryptedConfig|verifyTokenHash|contactKeySalt|tenantId/);
    expect(everything).toContain(markerA);
    expect(everything).not.toContain(markerB);
    expect(everything).not.toContain(b.tenant.id);
  });

  it('records who exported the agency and how many rows, without the data', async () => {
    const [entry] = await adminQuery<{ actorId: string; after: { rows: Record<string, number> } }>(`SELECT "actorId", after FROM "AuditLog" WHERE "tenantId" = $1 AND action = 'export' ORDER BY "createdAt" DESC LIMIT 1`, [a.tenant.id]);
    expect(entry).toMatchObject({ actorId: a.owner.id, after: { rows: { 'leads.jsonl': 1, 'messages.jsonl': 1 } } });
    expect(JSON.stringify(entry)).not.toContain(markerA);
  });

  it('refuses admins and agents of the agency', async () => {
    await request(api.app).get('/api/export').set('Authorization', a.admin.auth).expect(403);
    await request(api.app).get('/api/export').set('Authorization', a.agent.auth).expect(403);
  });

  it('gives a platform admin the same archive of any agency, and a 404 for one that does not exist', async () => {
    const platform = await platformBearer(api.db);
    const response = await download(`/api/platform/tenants/${b.tenant.id}/export`, platform).expect(200);
    const entries = zipEntries(response.body as Buffer);
    expect(lines(entries.get('leads.jsonl'))[0]).toMatchObject({ name: markerB });
    expect([...entries.keys()].sort()).toEqual(['manifest.json', 'tenant.jsonl', ...EXPORTED_ENTITIES.map((entity) => entity.file)].sort());
    await request(api.app).get(`/api/platform/tenants/${randomUUID()}/export`).set('Authorization', platform).expect(404);
  });

  it('reads every row once across keyset batches, also on a composite key', async () => {
    await api.db.inTenant(a.tenant.id, async (tx) => {
      for (let n = 0; n < 4; n += 1) await tx.lead.create({ data: { tenantId: a.tenant.id, name: `batch ${n}` } });
      const data = await tx.dataImport.create({ data: { tenantId: a.tenant.id, entity: 'LEADS', fileName: 'x.csv', mapping: {}, headers: [], planned: {} } });
      for (let row = 1; row <= 3; row += 1) await tx.dataImportRow.create({ data: { tenantId: a.tenant.id, importId: data.id, row, outcome: 'CREATE' } });
    });
    for (const [table, expected] of [['Lead', 5], ['DataImportRow', 3]] as const) {
      const entity = EXPORTED_ENTITIES.find((candidate) => candidate.table === table)!;
      const batches: string[][] = [];
      for await (const batch of readAgencyRows(api.db, a.tenant.id, entity, 2)) batches.push(batch);
      expect([table, batches.map((batch) => batch.length)]).toEqual([table, expected === 5 ? [2, 2, 1] : [2, 1]]);
      expect(new Set(batches.flat()).size).toBe(expected);
    }
  });

  it('says for every tenant-owned table whether it is exported or why not', () => {
    const covered = new Set<string>([...EXPORTED_ENTITIES.map((entity) => entity.table), ...Object.keys(OMITTED_ENTITIES)]);
    expect([...TENANT_MODELS].filter((model) => !covered.has(model))).toEqual([]);
  });
});
