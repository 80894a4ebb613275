import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { startWorkerProcess, type WorkerProcess } from '../../testing/service-process';
import { uploadFile } from '../../testing/uploads';

const CSV = [
  'Nombre;Apellido;Teléfono;Correo;Etapa;Etiquetas',
  'Lucía;Fernández;011 15 4100-0001;lucia@example.com;Nuevo;compra',
  'Mario;Gómez;011 15 4100-0002;;Contactado;alquiler',
  'Existente;;+54 9 11 4100-0003;existente@example.com;;palermo',
  'Mal;Teléfono;123;mal@example.com;;',
  'Lucía F.;;+5491141000001;;;vip',
  'Nora;;011 15 4100-0004;;;',
].join('\r\n');
const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('imports: dry run, apply, verification counts and undo', () => {
  let api: TestApi;
  let worker: WorkerProcess;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let rival: Awaited<ReturnType<typeof createStaffedTenant>>;
  let existingId: string;
  const as = (auth: string) => ({
    post: (path: string, body: object = {}) => request(api.app).post(`/api${path}`).set('Authorization', auth).send(body),
    get: (path: string) => request(api.app).get(`/api${path}`).set('Authorization', auth),
  });
  const upload = (bytes: Buffer, fileName = 'clientes.csv', auth = staff.admin.auth) => uploadFile(api.app, auth, fileName, bytes);
  const leadsOf = (tenantId: string) => adminQuery<{ name: string | null; phone: string | null; email: string | null; tags: string[] }>(`SELECT name, phone, email, tags FROM "Lead" WHERE "tenantId" = $1 ORDER BY phone`, [tenantId]);
  const settled = (id: string, status: string) =>
    eventually(async () => (await as(staff.admin.auth).get(`/imports/${id}`)).body as { status: string }, (body) => body.status === status || body.status === 'FAILED', 60_000, 200);

  beforeAll(async () => {
    api = await startTestApi();
    [staff, rival] = [await createStaffedTenant(api.db, 'Importadora'), await createStaffedTenant(api.db, 'Otra')];
    worker = await startWorkerProcess(api.deps.config.temporal.taskQueue);
    const { body } = await as(staff.admin.auth).post('/leads', { name: 'Existente', phone: '+5491141000003', tags: ['compra'] }).expect(201);
    existingId = body.id;
  });
  afterAll(async () => {
    await worker.stop();
    await api.close();
  });

  it('previews a Spanish semicolon file in Latin-1 and suggests the mapping from its headers', async () => {
    const { body } = await as(staff.admin.auth).post('/imports/preview', { entity: 'leads', uploadId: await upload(latin1(CSV)) }).expect(200);
    expect(body).toMatchObject({ rows: 6, headers: ['Nombre', 'Apellido', 'Teléfono', 'Correo', 'Etapa', 'Etiquetas'] });
    expect(body.suggested).toEqual({ Nombre: 'name', Apellido: 'lastName', Teléfono: 'phone', Correo: 'email', Etapa: 'stage', Etiquetas: 'tags' });
  });

  it('takes a file above the API’s 1 MB JSON limit as an upload, from a signed-in manager only, and reads it in the worker', async () => {
    const rows = Array.from({ length: 45_000 }, (_, i) => `Contacto número ${i};11 5${String(i).padStart(7, '0')}`);
    const bytes = latin1(['Nombre;Teléfono', ...rows].join('\n'));
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const send = () => request(api.app).post('/api/uploads?fileName=grande.csv').set('Content-Type', 'application/octet-stream');
    await send().send(bytes).expect(401);
    await send().set('Authorization', staff.agent.auth).send(bytes).expect(403);
    const uploadId = await upload(bytes, 'grande.csv');
    const [stored] = await adminQuery<{ size: number; chunks: string }>(`SELECT size, (SELECT count(*) FROM "UploadChunk" WHERE "uploadId" = u.id) AS chunks FROM "Upload" u WHERE id = $1`, [uploadId]);
    expect(stored).toEqual({ size: bytes.length, chunks: String(Math.ceil(bytes.length / (1024 * 1024))) });
    const { body } = await as(staff.admin.auth).post('/imports/preview', { entity: 'leads', uploadId }).expect(200);
    expect(body.rows).toBe(45_000);
  });

  it('reads only complete uploads of the agency itself, naming uploadId otherwise', async () => {
    const theirs = await upload(latin1(CSV), 'ajeno.csv', rival.admin.auth);
    const { body } = await as(staff.admin.auth).post('/imports/preview', { entity: 'leads', uploadId: theirs }).expect(400);
    expect(body.errors).toEqual([expect.objectContaining({ path: 'uploadId', code: 'not_found' })]);
    await as(staff.admin.auth).post('/imports', { entity: 'leads', uploadId: theirs }).expect(400);
    expect(await adminQuery(`SELECT 1 FROM "DataImport" WHERE "tenantId" = $1 AND "fileName" = 'ajeno.csv'`, [staff.tenant.id])).toEqual([]);
  });

  it('refuses a mapping that fills no contact field, naming it', async () => {
    const { body } = await as(staff.admin.auth).post('/imports', { entity: 'leads', uploadId: await upload(latin1(CSV), 'x.csv'), columns: { Nombre: 'name' } }).expect(422);
    expect(body.errors).toEqual([expect.objectContaining({ path: 'columns', code: 'required' })]);
  });

  it('dry-runs without writing a lead, applies each row once, counts both sides, and undoes all but what an agent edited or worked', async () => {
    const admin = as(staff.admin.auth);
    const before = await leadsOf(staff.tenant.id);
    const { body: planned } = await admin.post('/imports', { entity: 'leads', uploadId: await upload(latin1(CSV)) }).expect(201);
    expect(planned).toMatchObject({ status: 'DRY_RUN', planned: { rows: 6, create: 3, merge: 2, refuse: 1 } });
    expect(await leadsOf(staff.tenant.id)).toEqual(before);
    const audited = await adminQuery(`SELECT "actorType", "actorId", after FROM "AuditLog" WHERE "tenantId" = $1 AND action = 'import.dry_run' AND "entityId" = $2`, [staff.tenant.id, planned.id]);
    expect(audited).toEqual([{ actorType: 'user', actorId: staff.admin.id, after: { fileName: 'clientes.csv', entity: 'leads', planned: planned.planned } }]);

    const { body: refused } = await admin.get(`/imports/${planned.id}/rows?outcome=REFUSE`).expect(200);
    expect(refused.items).toEqual([expect.objectContaining({ row: 5, errors: [expect.objectContaining({ field: 'phone', column: 'Teléfono', code: 'invalid_phone' })] })]);
    const { body: merges } = await admin.get(`/imports/${planned.id}/rows?outcome=MERGE`).expect(200);
    expect(merges.items).toEqual([
      expect.objectContaining({ row: 4, targetId: existingId, changes: { email: { from: null, to: 'existente@example.com' }, tags: { from: ['compra'], to: ['compra', 'palermo'] } } }),
      expect.objectContaining({ row: 6, intoRow: 2 }),
    ]);

    await admin.post(`/imports/${planned.id}/apply`).expect(202);
    await admin.post(`/imports/${planned.id}/apply`).expect(409);
    const applied = (await settled(planned.id, 'APPLIED')) as Record<string, unknown>;
    expect(applied).toMatchObject({ status: 'APPLIED', applied: { rows: 6, created: 3, merged: 2, refused: 1 }, totalsBefore: 1, totalsAfter: 4 });
    expect(applied.undoUntil).toEqual(expect.any(String));
    expect(await leadsOf(staff.tenant.id)).toEqual([
      { name: 'Lucía Fernández', phone: '+5491141000001', email: 'lucia@example.com', tags: ['compra', 'vip'] },
      { name: 'Mario Gómez', phone: '+5491141000002', email: null, tags: ['alquiler'] },
      { name: 'Existente', phone: '+5491141000003', email: 'existente@example.com', tags: ['compra', 'palermo'] },
      { name: 'Nora', phone: '+5491141000004', email: null, tags: [] },
    ]);

    const [mario] = await adminQuery<{ id: string }>(`SELECT id FROM "Lead" WHERE "tenantId" = $1 AND phone = '+5491141000002'`, [staff.tenant.id]);
    await request(api.app).patch(`/api/leads/${mario!.id}`).set('Authorization', staff.agent.auth).send({ name: 'Mario Gómez (dueño)' }).expect(200);
    const [nora] = await adminQuery<{ id: string }>(`SELECT id FROM "Lead" WHERE "tenantId" = $1 AND phone = '+5491141000004'`, [staff.tenant.id]);
    await request(api.app).post(`/api/leads/${nora!.id}/notes`).set('Authorization', staff.agent.auth).send({ text: 'Llamó, quiere visitar el sábado' }).expect(201);

    await admin.post(`/imports/${planned.id}/undo`).expect(202);
    const undone = await settled(planned.id, 'UNDONE');
    expect(undone).toMatchObject({ status: 'UNDONE', undo: { undone: 3, kept: 2, gone: 0 }, totalsAfter: 3 });
    const { body: kept } = await admin.get(`/imports/${planned.id}/rows?undo=kept`).expect(200);
    expect(kept.items.map((row: { row: number }) => row.row)).toEqual([3, 7]);
    expect(await leadsOf(staff.tenant.id)).toEqual([
      { name: 'Mario Gómez (dueño)', phone: '+5491141000002', email: null, tags: ['alquiler'] },
      { name: 'Existente', phone: '+5491141000003', email: null, tags: ['compra'] },
      { name: 'Nora', phone: '+5491141000004', email: null, tags: [] },
    ]);
    await admin.post(`/imports/${planned.id}/undo`).expect(409);
  });

  it('keeps imports to managers of their own agency', async () => {
    const { body } = await as(staff.admin.auth).post('/imports', { entity: 'leads', uploadId: await upload(latin1(CSV), 'otra.csv') }).expect(201);
    await as(staff.agent.auth).get(`/imports/${body.id}`).expect(403);
    await as(rival.admin.auth).get(`/imports/${body.id}`).expect(404);
    await as(rival.admin.auth).post(`/imports/${body.id}/apply`).expect(404);
    expect((await as(rival.admin.auth).get('/imports').expect(200)).body.items).toEqual([]);
  });
});
