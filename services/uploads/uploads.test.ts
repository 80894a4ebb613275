import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import request from 'supertest';
import type { Database } from '../../prisma/client';
import { adminQuery, createTestTenant, openDatabase } from '../../testing/harness';
import { createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';
import { uploadFile } from '../../testing/uploads';
import { readUpload } from './read-upload';
import { storeUpload } from './store-upload';

const MB = 1024 * 1024;
const uploadsOf = (tenantId: string) => adminQuery<{ fileName: string; size: number; complete: boolean }>(`SELECT "fileName", size, complete FROM "Upload" WHERE "tenantId" = $1 ORDER BY "createdAt"`, [tenantId]);

describe('storing and reading uploads', () => {
  let db: Database;
  beforeAll(() => {
    db = openDatabase();
  });
  afterAll(() => db.disconnect());

  it('stores a stream in megabyte chunks and reads back the same bytes, for its own agency only', async () => {
    const [mine, other] = [await createTestTenant(db, 'Subidas'), await createTestTenant(db, 'Ajena')];
    const bytes = Buffer.from(Array.from({ length: Math.floor(2.5 * MB) }, (_, i) => (i * 7) % 251));
    const pieces = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
    const stored = await storeUpload(db, mine.id, { fileName: 'planilla.xlsx', createdById: null, body: Readable.from(pieces), maxBytes: 50 * MB });
    expect(stored).toMatchObject({ fileName: 'planilla.xlsx', size: bytes.length, complete: true });
    expect(Date.parse(stored.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const chunks = await adminQuery<{ seq: number; size: number }>(`SELECT seq, length(bytes) AS size FROM "UploadChunk" WHERE "uploadId" = $1 ORDER BY seq`, [stored.id]);
    expect(chunks.map((chunk) => chunk.seq)).toEqual([0, 1, 2]);
    expect((await readUpload(db, mine.id, stored.id, 50 * MB)).content.equals(bytes)).toBe(true);
    await expect(readUpload(db, other.id, stored.id, 50 * MB)).rejects.toMatchObject({ code: 'validation_failed', extra: { fields: [expect.objectContaining({ path: 'uploadId' })] } });
    await expect(readUpload(db, mine.id, stored.id, 2 * MB)).rejects.toMatchObject({ code: 'validation_failed', detail: 'The file is larger than 2 MB' });
  });

  it('keeps nothing of a file that grows past the limit or arrives empty, and never reads an incomplete or expired one', async () => {
    const tenant = await createTestTenant(db, 'Limites');
    const endless = Readable.from((function* () {
      for (let i = 0; i < 5; i += 1) yield Buffer.alloc(MB, 1);
    })());
    await expect(storeUpload(db, tenant.id, { fileName: 'grande.zip', createdById: null, body: endless, maxBytes: 3 * MB })).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(storeUpload(db, tenant.id, { fileName: 'vacio.csv', createdById: null, body: Readable.from([]), maxBytes: MB })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await uploadsOf(tenant.id)).toEqual([]);
    expect(await adminQuery(`SELECT 1 FROM "UploadChunk" WHERE "tenantId" = $1`, [tenant.id])).toEqual([]);

    const kept = await storeUpload(db, tenant.id, { fileName: 'a.csv', createdById: null, body: Readable.from([Buffer.from('a;b\n')]), maxBytes: MB });
    await adminQuery(`UPDATE "Upload" SET complete = false WHERE id = $1`, [kept.id]);
    await expect(readUpload(db, tenant.id, kept.id, MB)).rejects.toMatchObject({ code: 'validation_failed' });
    await adminQuery(`UPDATE "Upload" SET complete = true, "expiresAt" = "createdAt" - interval '1 minute' WHERE id = $1`, [kept.id]);
    await expect(readUpload(db, tenant.id, kept.id, MB)).rejects.toMatchObject({ code: 'validation_failed' });
    await adminQuery(`SELECT astor_inbox_maintenance(7)`);
    expect(await uploadsOf(tenant.id)).toEqual([]);
  });
});

describe('POST /uploads', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const post = (path = '/api/uploads?fileName=contactos.csv') => request(api.app).post(path);

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Subidas por HTTP');
  });
  afterAll(() => api.close());

  it('takes the bytes of a file from an owner or admin, answering its id, size and expiry', async () => {
    const { body } = await post().set('Authorization', staff.owner.auth).set('Content-Type', 'application/octet-stream').send(Buffer.from('Nombre;Teléfono\n')).expect(201);
    expect(body).toEqual({ id: expect.any(String), fileName: 'contactos.csv', size: 17, expiresAt: expect.any(String) });
    await uploadFile(api.app, staff.admin.auth, 'otro.csv', Buffer.from('x'));
    await post().set('Authorization', staff.agent.auth).set('Content-Type', 'application/octet-stream').send(Buffer.from('x')).expect(403);
    await post().set('Content-Type', 'application/octet-stream').send(Buffer.from('x')).expect(401);
    expect((await uploadsOf(staff.tenant.id)).map((upload) => upload.fileName)).toEqual(['contactos.csv', 'otro.csv']);
  });

  it('refuses, as problems, a JSON body, a missing file name, an empty file and a declared size over 50 MB', async () => {
    const owner = (path?: string) => post(path).set('Authorization', staff.owner.auth);
    const json = await owner().send({ content: 'eA==' }).expect(415);
    expect(json.headers['content-type']).toContain('application/problem+json');
    const unnamed = await owner('/api/uploads').set('Content-Type', 'application/octet-stream').send(Buffer.from('x')).expect(400);
    expect(unnamed.body.errors).toEqual([expect.objectContaining({ path: 'fileName' })]);
    await owner().set('Content-Type', 'application/octet-stream').send(Buffer.alloc(0)).expect(400);
    const before = (await uploadsOf(staff.tenant.id)).length;
    const tooLarge = await owner().set('Content-Type', 'application/octet-stream').send(Buffer.alloc(50 * MB + 1)).expect(413);
    expect(tooLarge.body.detail).toBe('The file is larger than 50 MB');
    expect(await uploadsOf(staff.tenant.id)).toHaveLength(before);
  });

  it('lets a platform admin upload into an existing agency only', async () => {
    const platform = await platformBearer(api.db);
    await uploadFile(api.app, platform, 'agencia.zip', Buffer.from('PK'), `/api/platform/tenants/${staff.tenant.id}/uploads`);
    await post(`/api/platform/tenants/${randomUUID()}/uploads?fileName=a.zip`).set('Authorization', platform).set('Content-Type', 'application/octet-stream').send(Buffer.from('PK')).expect(404);
  });
});
