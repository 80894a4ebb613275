import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { startWorkerProcess, type WorkerProcess } from '../../testing/service-process';
import { uploadFile } from '../../testing/uploads';

const ROWS = 3_000;
const KILL_AFTER = [500, 1_500];

describe('an import survives its worker being killed mid-apply', () => {
  let api: TestApi;
  let worker: WorkerProcess | undefined;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const count = async (sql: string) => Number((await adminQuery<{ n: string }>(sql, [staff.tenant.id]))[0]!.n);

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Importación con caídas');
  });
  afterAll(async () => {
    await worker?.stop();
    await api.close();
  });

  it('applies every row exactly once: one lead, one creation event and one audit entry each', async () => {
    const taskQueue = api.deps.config.temporal.taskQueue;
    const csv = ['Nombre,Celular', ...Array.from({ length: ROWS }, (_, i) => `Contacto ${i},11 5${String(i).padStart(7, '0')}`)].join('\n');
    const admin = (path: string) => request(api.app).post(`/api${path}`).set('Authorization', staff.admin.auth);
    worker = await startWorkerProcess(taskQueue);
    const uploadId = await uploadFile(api.app, staff.admin.auth, 'grande.csv', Buffer.from(csv));
    const { body: planned } = await admin('/imports').send({ entity: 'leads', uploadId }).expect(201);
    expect(planned.planned).toEqual({ rows: ROWS, create: ROWS, merge: 0, refuse: 0 });

    await admin(`/imports/${planned.id}/apply`).expect(202);
    for (const threshold of KILL_AFTER) {
      await eventually(() => count(`SELECT count(*) AS n FROM "DataImportRow" WHERE "tenantId" = $1 AND "appliedAt" IS NOT NULL`), (applied) => applied >= threshold, 60_000, 20);
      await worker.kill();
      worker = await startWorkerProcess(taskQueue);
    }

    const done = await eventually(
      async () => (await request(api.app).get(`/api/imports/${planned.id}`).set('Authorization', staff.admin.auth)).body as { status: string },
      (body) => body.status !== 'APPLYING',
      120_000,
      250,
    );
    expect(done).toMatchObject({ status: 'APPLIED', applied: { rows: ROWS, created: ROWS, merged: 0 }, totalsBefore: 0, totalsAfter: ROWS });
    expect(await count(`SELECT count(*) AS n FROM "Lead" WHERE "tenantId" = $1`)).toBe(ROWS);
    expect(await count(`SELECT count(*) AS n FROM "Event" WHERE "tenantId" = $1 AND type = 'lead.created'`)).toBe(ROWS);
    expect(await count(`SELECT count(*) AS n FROM "AuditLog" WHERE "tenantId" = $1 AND entity = 'Lead' AND action = 'create'`)).toBe(ROWS);
  }, 300_000);
});
