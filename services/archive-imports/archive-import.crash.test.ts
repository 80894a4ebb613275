import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { startWorkerProcess, type WorkerProcess } from '../../testing/service-process';
import { uploadFile } from '../../testing/uploads';
import { jsonl, manifestOf, zipOf } from './testing/archive-zip';

const LEADS = 4_000;
const KILL_AFTER = [1_000, 4_500];
const STAMP = '2026-12-01T10:00:00';

describe('an archive import survives its worker being killed mid-apply', () => {
  let api: TestApi;
  let worker: WorkerProcess | undefined;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const count = async (sql: string) => Number((await adminQuery<{ n: string }>(sql, [staff.tenant.id]))[0]!.n);

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Archivo con caídas');
  });
  afterAll(async () => {
    await worker?.stop();
    await api.close();
  });

  it('creates every row exactly once', async () => {
    const taskQueue = api.deps.config.temporal.taskQueue;
    const leads = Array.from({ length: LEADS }, (_, i) => ({ id: randomUUID(), name: `Contacto ${i}`, phone: `+54911${String(i).padStart(8, '0')}`, tags: [], createdAt: STAMP, updatedAt: STAMP }));
    const events = leads.map((lead) => ({ id: randomUUID(), leadId: lead.id, type: 'lead.created', payload: { leadId: lead.id }, createdAt: STAMP }));
    const zip = await zipOf({ 'leads.jsonl': jsonl(leads), 'lead-events.jsonl': jsonl(events), 'manifest.json': manifestOf({ 'leads.jsonl': LEADS, 'lead-events.jsonl': LEADS }) });
    const platform = await platformBearer(api.db);
    worker = await startWorkerProcess(taskQueue);
    const uploadId = await uploadFile(api.app, platform, 'grande.zip', zip, `/api/platform/tenants/${staff.tenant.id}/uploads`);
    const { body: started } = await request(api.app).post(`/api/platform/tenants/${staff.tenant.id}/archive-imports`).set('Authorization', platform).send({ uploadId }).expect(202);
    for (const threshold of KILL_AFTER) {
      await eventually(() => count(`SELECT count(*) AS n FROM "DataImportRow" WHERE "tenantId" = $1 AND "appliedAt" IS NOT NULL`), (applied) => applied >= threshold, 60_000, 20);
      await worker.kill();
      worker = await startWorkerProcess(taskQueue);
    }

    const done = await eventually(
      async () => (await request(api.app).get(`/api/platform/tenants/${staff.tenant.id}/archive-imports/${started.id}`).set('Authorization', platform)).body as { status: string },
      (body) => body.status !== 'APPLYING',
      120_000,
      250,
    );
    expect(done).toMatchObject({ status: 'APPLIED', totals: { before: { 'leads.jsonl': 0 }, after: { 'leads.jsonl': LEADS, 'lead-events.jsonl': LEADS } } });
    expect(await count(`SELECT count(*) AS n FROM "Lead" WHERE "tenantId" = $1`)).toBe(LEADS);
    expect(await count(`SELECT count(DISTINCT "leadId") AS n FROM "Event" WHERE "tenantId" = $1 AND payload->>'leadId' = "leadId"::text`)).toBe(LEADS);
  }, 300_000);
});
