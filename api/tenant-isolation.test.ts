import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { adminQuery, startTestWorker, workerDeps, type RunningWorker } from '../testing/harness';
import { apiKeyFor, binaryBody, createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { zipEntries } from '../testing/zip-entries';
import { TENANT_MODELS } from '../prisma/tenant-models';
import { inboundMediaPath } from '../activities/inbound-media.activities';
import { inboundMediaStore } from '../integrations/media-store/media-store';
import { apiRoutes } from './server';
import { SEARCH_ATTRIBUTES, workflowIds } from '../domain/temporal-contracts';
import { propertyCardWorkflow } from '../workflows/property-card.workflow';
import { voiceMessageWorkflow } from '../workflows/voice-message.workflow';
import type { RouteSpec } from './http/route';
import { uploadFile } from '../testing/uploads';

/** Tenant A's records that every route is pointed at. */
interface Victim {
  conversationId: string;
  leadId: string;
  propertyId: string;
  userId: string;
  apiKeyId: string;
  campaignId: string;
  visitId: string;
  templateId: string;
  messageId: string;
  contactCardMessageId: string;
  importId: string;
  /** A file tenant A sent for an import. */
  uploadId: string;
  mappingId: string;
  /** A voice note and a property card asked for on the lead (both ended: no ElevenLabs, outside the 24 h window). */
  sendRequestId: string;
  marker: string;
}

interface Case {
  /** Path parameters naming tenant A's records. */
  params?: (victim: Victim) => Record<string, string>;
  query?: (victim: Victim) => Record<string, string>;
  body?: (victim: Victim) => object;
  /** The route takes a file (application/octet-stream) instead of a JSON body. */
  file?: () => Buffer;
  /** What a route that is not aimed by id answers when its body names the victim's records. */
  refused?: number;
  /** The route answers a zip: the sweep looks for the victim's records in its unpacked entries. */
  zip?: true;
}

const leadId = (v: Victim) => ({ id: v.leadId });
const propertyId = (v: Victim) => ({ id: v.propertyId });
const userId = (v: Victim) => ({ id: v.userId });
const conversationId = (v: Victim) => ({ id: v.conversationId });
const campaignId = (v: Victim) => ({ id: v.campaignId });
const visitId = (v: Victim) => ({ id: v.visitId });
const importId = (v: Victim) => ({ id: v.importId });
const importFile = (name: string) => Buffer.from(`Nombre,Teléfono\n${name},11 5555 0000`);
const templateId = (v: Victim) => ({ id: v.templateId });
const templateBody = { name: 'hola', language: 'es', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hola {{1}}', example: { body_text: [['Ana']] } }], variables: [{ kind: 'field', field: 'lead.firstName' }] };
const NEXT_WEEK = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const campaignBody = (name: string) => ({ name, type: 'FIDELIZACION', audience: { tags: ['vip'] }, content: { kind: 'template', name: 'hola', language: 'es', variables: [] } });

/**
 * One entry per tenant-scoped route: how to aim it at tenant A's data. A route missing here fails
 * the sweep, so every new route must say how it is attacked.
 */
const CASES: Record<string, Case> = {
  'get /me': {},
  'get /tenant': {},
  'patch /tenant': { body: () => ({ settings: { slaMinutes: 7 } }) },
  'get /users': {},
  'post /users': { body: () => ({ email: `new-${randomUUID()}@b.test`, name: 'New', role: 'AGENT', password: 'a long password' }) },
  'get /users/:id': { params: userId },
  'patch /users/:id': { params: userId, body: () => ({ name: 'Hijacked', role: 'OWNER' }) },
  'delete /users/:id': { params: userId },
  'put /me/availability': { body: () => ({ availability: 'AVAILABLE' }) },
  'get /api-keys': {},
  'post /api-keys': { body: () => ({ name: 'B relay' }) },
  'delete /api-keys/:id': { params: (v) => ({ id: v.apiKeyId }) },
  'get /leads': { query: (v) => ({ q: v.marker }) },
  'post /leads': { body: () => ({ phone: `+549116${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, name: 'B lead' }) },
  'get /leads/:id': { params: leadId },
  'patch /leads/:id': { params: leadId, body: () => ({ stage: 'LOST', tags: ['hijacked'] }) },
  'delete /leads/:id': { params: leadId },
  'post /leads/:id/erasure': { params: leadId },
  'get /leads/:id/events': { params: leadId },
  'post /leads/:id/notes': { params: leadId, body: () => ({ text: 'hijacked' }) },
  'get /leads/:id/matches': { params: leadId },
  'post /leads/:id/voice-messages': { params: leadId, body: () => ({ text: 'Hola' }) },
  'get /properties': { query: (v) => ({ q: v.marker }) },
  'post /properties': { body: () => ({ title: 'B house', price: 1, operation: 'SALE', type: 'HOUSE', zone: 'Palermo' }) },
  'get /properties/:id': { params: propertyId },
  'patch /properties/:id': { params: propertyId, body: () => ({ price: 1, status: 'SOLD' }) },
  'delete /properties/:id': { params: propertyId },
  'get /properties/:id/matches': { params: propertyId },
  'get /audit-log': { query: (v) => ({ entityId: v.leadId }) },
  'get /integrations/elevenlabs': {},
  'put /integrations/elevenlabs': { body: () => ({ apiKey: 'sk_attacker_key_000001', voiceId: 'voz-rioplatense' }) },
  'post /integrations/elevenlabs/test': {},
  'delete /integrations/elevenlabs': {},
  'get /integrations/meta-leads': {},
  'put /integrations/meta-leads': { body: () => ({ accessToken: 'EAAG-attacker-token-000000001', pageIds: ['100000000000099'], active: false }) },
  'post /integrations/meta-leads/test': {},
  'delete /integrations/meta-leads': {},
  'get /integrations/manychat': {},
  'put /integrations/manychat': { body: () => ({ apiKey: '1111111111:attackerattacker', active: false }) },
  'post /integrations/manychat/inbound-token': {},
  'post /integrations/manychat/test': {},
  'delete /integrations/manychat': {},
  'get /integrations/uchat': {},
  'put /integrations/uchat': { body: () => ({ apiKey: '1111111111:attackerattacker', active: false }) },
  'post /integrations/uchat/inbound-token': {},
  'post /integrations/uchat/test': {},
  'delete /integrations/uchat': {},
  'get /channels/whatsapp': {},
  'put /channels/whatsapp': { body: () => ({ apiType: 'BUSINESS_API', phoneNumberId: String(Math.floor(Math.random() * 1e12)), accessToken: 'EAAG-attacker-token-000000' }) },
  'post /channels/whatsapp/test': {},
  'get /channels/whatsapp/capacity': {},
  'delete /channels/whatsapp': {},
  'put /channels/whatsapp/mode': { body: () => ({ apiType: 'WHATSAPP_WEB', fallbackToWeb: true }) },
  // The sweep's server has no bridge configured; the other agency has no session to read or log out.
  'post /channels/whatsapp/web-session': { refused: 503 },
  'get /channels/whatsapp/web-session': {},
  'delete /channels/whatsapp/web-session': { refused: 404 },
  'get /inbox/stream': { query: () => ({ maxDurationSec: '1' }) },
  'post /intake/leads': { body: () => ({ phone: `+549116${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, origin: 'LANDING' }) },
  'get /conversations': { query: () => ({ scope: 'all' }) },
  'get /conversations/:id': { params: conversationId },
  'get /conversations/:id/messages': { params: conversationId },
  'get /messages/:id/media': { params: (v) => ({ id: v.messageId }) },
  'post /messages/:id/contacts/:index/lead': { params: (v) => ({ id: v.contactCardMessageId, index: '0' }) },
  'post /conversations/:id/reply': { params: conversationId, body: () => ({ text: 'hijacked' }) },
  'post /conversations/:id/claim': { params: conversationId },
  'post /conversations/:id/transfer': { params: conversationId, body: (v) => ({ toUserId: v.userId }) },
  'post /conversations/:id/return-to-bot': { params: conversationId },
  'post /conversations/:id/close': { params: conversationId },
  'get /campaigns': {},
  'post /campaigns': { body: () => campaignBody('B campaign') },
  'get /campaigns/:id': { params: campaignId },
  'patch /campaigns/:id': { params: campaignId, body: () => ({ name: 'Hijacked' }) },
  'delete /campaigns/:id': { params: campaignId },
  'post /campaigns/audience-preview': { body: (v) => ({ audience: { tags: [v.marker.toLowerCase()] } }) },
  'post /campaigns/:id/preview': { params: campaignId, body: (v) => ({ leadId: v.leadId }) },
  'post /campaigns/:id/voice-preview': { params: campaignId, body: (v) => ({ leadId: v.leadId }) },
  'post /campaigns/:id/launch': { params: campaignId },
  'post /campaigns/:id/run-now': { params: campaignId },
  'post /campaigns/:id/pause': { params: campaignId },
  'post /campaigns/:id/resume': { params: campaignId },
  'post /campaigns/:id/cancel': { params: campaignId },
  'put /campaigns/:id/throttle': { params: campaignId, body: () => ({ perSecond: 5 }) },
  'get /campaigns/:id/progress': { params: campaignId },
  'get /campaigns/:id/report': { params: campaignId },
  'get /campaigns/:id/recipients': { params: campaignId },
  'get /campaigns/:id/stream': { params: campaignId, query: () => ({ maxDurationSec: '1' }) },
  'get /visits': { query: (v) => ({ leadId: v.leadId }) },
  'post /visits': { body: (v) => ({ leadId: v.leadId, scheduledAt: NEXT_WEEK() }), refused: 422 },
  'get /visits/:id': { params: visitId },
  'patch /visits/:id': { params: visitId, body: () => ({ status: 'CANCELLED' }) },
  'get /automations': {},
  'get /dashboard': {},
  'get /tenant/health': {},
  'post /uploads': { query: () => ({ fileName: 'contactos.csv' }), file: () => importFile('Atacante') },
  'post /imports/preview': { body: (v) => ({ entity: 'leads', uploadId: v.uploadId }), refused: 400 },
  'post /imports': { body: (v) => ({ entity: 'leads', uploadId: v.uploadId }), refused: 400 },
  'get /imports': {},
  'get /imports/:id': { params: importId },
  'get /imports/:id/rows': { params: importId },
  'post /imports/:id/apply': { params: importId },
  'post /imports/:id/undo': { params: importId },
  'get /import-mappings': {},
  'put /import-mappings': { body: () => ({ name: 'Ataque', mapping: { entity: 'leads', columns: { Tel: 'phone' } } }) },
  'delete /import-mappings/:id': { params: (v) => ({ id: v.mappingId }) },
  'post /archive-imports': { body: (v) => ({ uploadId: v.uploadId }), refused: 400 },
  'get /archive-imports/:id': { params: importId },
  'post /archive-imports/:id/undo': { params: importId },
  'post /leads/:id/property-cards': { params: leadId, body: (v) => ({ propertyId: v.propertyId }) },
  'get /leads/:id/property-cards/:requestId': { params: (v) => ({ id: v.leadId, requestId: v.sendRequestId }) },
  'get /leads/:id/voice-messages/:requestId': { params: (v) => ({ id: v.leadId, requestId: v.sendRequestId }) },
  'get /leads/:id/voice-notes/:audioKey': { params: (v) => ({ id: v.leadId, audioKey: 'a'.repeat(64) }) },
  'put /automations/visitConfirmation': { body: () => ({ enabled: false }) },
  'put /automations/visitReminder': { body: () => ({ enabled: false, hoursBefore: 2 }) },
  'put /automations/visitFollowUp': { body: () => ({ enabled: false }) },
  'put /automations/newListingAlert': { body: () => ({ enabled: false }) },
  'put /automations/priceDropAlert': { body: () => ({ enabled: false }) },
  'get /templates': {},
  'get /templates/:id': { params: templateId },
  // The attacker's agency has no WhatsApp business account: refused before Meta is asked.
  'post /templates': { body: () => templateBody, refused: 409 },
  'post /templates/sync': { refused: 409 },
  'put /templates/:id/variables': { params: templateId, body: () => ({ variables: [] }) },
  'delete /templates/:id': { params: templateId },
  'post /templates/:id/preview': { params: templateId, body: (v) => ({ leadId: v.leadId }) },
  'get /export': { zip: true },
};

/** Runs a voice note and a property card for the lead to their end, under one request id, as the API starts them. */
async function askForSends(api: TestApi, taskQueue: string, { tenantId, leadId, propertyId }: { tenantId: string; leadId: string; propertyId: string }) {
  const requestId = randomUUID();
  const searchAttributes = { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [leadId] };
  await api.temporal.workflow.execute(voiceMessageWorkflow, { workflowId: workflowIds.voiceMessage(tenantId, requestId), taskQueue, searchAttributes, args: [{ tenantId, leadId, to: '+5491160000001', text: 'Hola', purpose: 'CUSTOM', requestId }] });
  await api.temporal.workflow.execute(propertyCardWorkflow, { workflowId: workflowIds.propertyCard(tenantId, requestId), taskQueue, searchAttributes, args: [{ tenantId, leadId, propertyId, requestId }] });
  return requestId;
}

const unzippedText = (zip: Buffer) => Object.fromEntries([...zipEntries(zip)].map(([name, bytes]) => [name, bytes.toString('utf8')]));

const sendCase = (call: request.Test, attack: Case, victim: Victim) => (attack.file ? call.set('Content-Type', 'application/octet-stream').send(attack.file()) : call.send(attack.body?.(victim) ?? {}));

const keyOf = (spec: RouteSpec) => `${spec.method} ${spec.path}`;

async function snapshotOf(tenantId: string): Promise<string> {
  const tables = [...TENANT_MODELS].sort();
  const rows = await Promise.all(tables.map((table) => adminQuery(`SELECT to_jsonb(t) AS row FROM "${table}" t WHERE "tenantId" = $1 ORDER BY to_jsonb(t)::text`, [tenantId])));
  const tenant = await adminQuery(`SELECT to_jsonb(t) AS row FROM "Tenant" t WHERE id = $1`, [tenantId]);
  return JSON.stringify({ tables: rows, tenant });
}

describe('tenant isolation, swept over the whole route table', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let routes: RouteSpec[];
  let victim: Victim;
  let victimSecrets: string[];
  let a: Awaited<ReturnType<typeof createStaffedTenant>>;
  let b: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    const taskQueue = api.deps.config.temporal.taskQueue;
    worker = await startTestWorker(taskQueue, workerDeps(api.db, api.temporal, taskQueue));
    routes = apiRoutes(api.deps).filter((spec) => spec.access.scope === 'tenant');
    [a, b] = [await createStaffedTenant(api.db, 'Victim'), await createStaffedTenant(api.db, 'Attacker')];
    const marker = `marker${randomUUID().slice(0, 8)}`;
    const lead = await request(api.app)
      .post('/api/leads')
      .set('Authorization', a.admin.auth)
      .send({ name: marker, phone: '+5491160000001', tags: [marker.toLowerCase()], searchOperation: 'SALE', searchZone: 'Palermo', budgetMax: 200000, budgetCurrency: 'USD' })
      .expect(201);
    const property = await request(api.app)
      .post('/api/properties')
      .set('Authorization', a.admin.auth)
      .send({ title: marker, price: 150000, operation: 'SALE', type: 'HOUSE', zone: 'Palermo' })
      .expect(201);
    await request(api.app).post(`/api/leads/${lead.body.id}/notes`).set('Authorization', a.agent.auth).send({ text: marker }).expect(201);
    const key = await apiKeyFor(api.db, a.tenant.id);
    const conversation = await api.db.inTenant(a.tenant.id, (tx) =>
      tx.conversation.create({ data: { tenantId: a.tenant.id, leadId: lead.body.id, channel: 'WHATSAPP_CLOUD', contact: '+5491160000001', botActive: false, assigneeId: a.agent.id } }),
    );
    const message = await api.db.inTenant(a.tenant.id, (tx) =>
      tx.message.create({ data: { tenantId: a.tenant.id, leadId: lead.body.id, conversationId: conversation.id, direction: 'INBOUND', type: 'IMAGE', channel: 'WHATSAPP_CLOUD', body: marker, status: 'RECEIVED', mimeType: 'image/jpeg' } }),
    );
    const contactCard = await api.db.inTenant(a.tenant.id, (tx) =>
      tx.message.create({
        data: { tenantId: a.tenant.id, leadId: lead.body.id, conversationId: conversation.id, direction: 'INBOUND', type: 'CONTACTS', channel: 'WHATSAPP_CLOUD', body: marker, status: 'RECEIVED', content: { type: 'contacts', contacts: [{ name: marker, phones: [{ phone: '+5491160000002', waId: '5491160000002' }] }] } },
      }),
    );
    await inboundMediaStore(api.deps.config).put(message.id, Buffer.from(marker));
    await api.db.inTenant(a.tenant.id, (tx) => tx.message.update({ where: { id: message.id }, data: { mediaUrl: inboundMediaPath(message.id) } }));
    await request(api.app).get(inboundMediaPath(message.id)).set('Authorization', a.agent.auth).expect(200);
    const campaign = await request(api.app).post('/api/campaigns').set('Authorization', a.admin.auth).send(campaignBody(marker)).expect(201);
    const visit = await request(api.app).post('/api/visits').set('Authorization', a.agent.auth).send({ leadId: lead.body.id, propertyId: property.body.id, scheduledAt: NEXT_WEEK() }).expect(201);
    const template = await api.db.inTenant(a.tenant.id, (tx) =>
      tx.whatsAppTemplate.create({ data: { tenantId: a.tenant.id, name: marker, language: 'es', category: 'MARKETING', components: templateBody.components, variables: templateBody.variables } }),
    );
    const uploadId = await uploadFile(api.app, a.admin.auth, 'contactos.csv', importFile(marker));
    const dryRun = await request(api.app).post('/api/imports').set('Authorization', a.admin.auth).send({ entity: 'leads', uploadId }).expect(201);
    const mapping = await request(api.app).put('/api/import-mappings').set('Authorization', a.admin.auth).send({ name: marker, mapping: { entity: 'leads', columns: { Teléfono: 'phone' } } }).expect(200);
    const sendRequestId = await askForSends(api, taskQueue, { tenantId: a.tenant.id, leadId: lead.body.id, propertyId: property.body.id });
    victim = { sendRequestId, importId: dryRun.body.id, uploadId, mappingId: mapping.body.id, conversationId: conversation.id, leadId: lead.body.id, propertyId: property.body.id, userId: a.agent.id, apiKeyId: key.id, campaignId: campaign.body.id, visitId: visit.body.id, templateId: template.id, messageId: message.id, contactCardMessageId: contactCard.id, marker };
    victimSecrets = [victim.importId, victim.uploadId, victim.mappingId, victim.templateId, victim.visitId, victim.campaignId, victim.conversationId, a.tenant.id, a.owner.id, a.admin.id, a.agent.id, victim.leadId, victim.propertyId, victim.apiKeyId, marker];
  });
  afterAll(async () => {
    await worker.stop();
    await api.close();
  });

  it('has an attack case for every tenant-scoped route, and none for routes that no longer exist', () => {
    const routeKeys = routes.map(keyOf);
    expect(routeKeys.filter((key) => !(key in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((key) => !routeKeys.includes(key))).toEqual([]);
  });

  async function sweep(auth: { header: 'Authorization' | 'X-Api-Key'; value: string }, isApiKey: boolean) {
    const before = await snapshotOf(a.tenant.id);
    const outcomes: string[] = [];
    for (const spec of routes) {
      const attack = CASES[keyOf(spec)] ?? {};
      const params = attack.params?.(victim) ?? {};
      const path = `/api${spec.path.replace(/:(\w+)/g, (_match, name: string) => params[name]!)}`;
      const client = request(api.app);
      const call = client[spec.method](path)
        .query(attack.query?.(victim) ?? {})
        .set(auth.header, auth.value);
      const response = await (attack.zip ? call.buffer(true).parse(binaryBody) : sendCase(call, attack, victim));
      const allowed = spec.access.scope === 'tenant' && (!isApiKey || spec.access.apiKey === true);
      const expected = !allowed ? 403 : spec.path.includes(':id') ? 404 : attack.refused;
      const status = response.status;
      if (expected !== undefined && status !== expected) outcomes.push(`${keyOf(spec)} answered ${status}, expected ${expected}`);
      if (expected === undefined && (status < 200 || status > 299)) outcomes.push(`${keyOf(spec)} answered ${status} on the caller's own agency`);
      // The problem's `instance` echoes the URL the caller sent; anything else naming A's records is a leak.
      const { instance: _instance, ...shown } = (attack.zip && status === 200 ? unzippedText(response.body as Buffer) : (response.body ?? {})) as Record<string, unknown>;
      const leaked = victimSecrets.filter((secret) => JSON.stringify(shown).includes(secret));
      if (leaked.length > 0) outcomes.push(`${keyOf(spec)} revealed ${leaked.join(', ')}`);
    }
    expect(outcomes).toEqual([]);
    expect(await snapshotOf(a.tenant.id)).toBe(before);
  }

  it("lets a user of another agency neither read, list, change nor delete anything of the agency's", async () => {
    await sweep({ header: 'Authorization', value: b.owner.auth }, false);
  });

  it("lets another agency's API key neither read, list, change nor delete anything of the agency's", async () => {
    const key = await apiKeyFor(api.db, b.tenant.id);
    await sweep({ header: 'X-Api-Key', value: key.key }, true);
  });

  it("answers another agency's user that names the victim agency in the path as if it did not exist", async () => {
    for (const spec of routes) {
      const params = CASES[keyOf(spec)]?.params?.(victim) ?? {};
      const path = `/t/${a.tenant.slug}/api${spec.path.replace(/:(\w+)/g, (_match, name: string) => params[name]!)}`;
      const response = await sendCase(request(api.app)[spec.method](path).set('Authorization', b.owner.auth), CASES[keyOf(spec)] ?? {}, victim);
      expect([keyOf(spec), response.status]).toEqual([keyOf(spec), 404]);
    }
  });

  it('refuses platform routes to agency users and API keys', async () => {
    const key = await apiKeyFor(api.db, b.tenant.id);
    const platform = apiRoutes(api.deps).filter((spec) => spec.access.scope === 'platform');
    expect(platform.length).toBeGreaterThan(0);
    for (const spec of platform) {
      const path = `/api${spec.path.replace(/:(\w+)/g, a.tenant.id)}`;
      expect((await request(api.app)[spec.method](path).set('Authorization', b.owner.auth).send({})).status).toBe(403);
      expect((await request(api.app)[spec.method](path).set('X-Api-Key', key.key).send({})).status).toBe(403);
    }
  });
});
