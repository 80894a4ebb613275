import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { SHEET_LIMITS } from '../../domain/imports/sheet-limits';
import { writeLargestSheet } from '../../domain/imports/testing/largest-sheet';
import { SERVICE_NODE_ARGS } from '../../scripts/service-build';
import { createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';
import { adminQuery } from '../../testing/harness';
import { startWorkerProcess, type WorkerProcess } from '../../testing/service-process';
import { uploadFile } from '../../testing/uploads';
import { LEADS, MESSAGES, writeLargeArchive } from '../archive-imports/testing/large-archive';

const heapCap = SERVICE_NODE_ARGS.worker.find((arg) => arg.startsWith('--max-old-space-size='));

describe(`the worker, run as npm start runs it (${heapCap ?? 'no heap cap'}), reads the largest files an import takes`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'astor-largest-'));
  let api: TestApi;
  let worker: WorkerProcess;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startWorkerProcess(api.deps.config.temporal.taskQueue);
  });
  afterAll(async () => {
    await worker.stop();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => expect(worker.child.exitCode).toBeNull());

  it(`plans the largest spreadsheet: ${SHEET_LIMITS.maxRows} rows of 12 columns`, async () => {
    const staff = await createStaffedTenant(api.db, 'Planilla grande');
    const file = path.join(dir, 'largest.xlsx');
    await writeLargestSheet(file);
    const uploadId = await uploadFile(api.app, staff.admin.auth, 'largest.xlsx', readFileSync(file));
    const { body } = await request(api.app).post('/api/imports').set('Authorization', staff.admin.auth).send({ entity: 'leads', uploadId }).expect(201);
    expect(body.planned).toEqual({ rows: SHEET_LIMITS.maxRows, create: SHEET_LIMITS.maxRows, merge: 0, refuse: 0 });
  }, 240_000);

  it(`dry-runs, then plans and stores, an agency archive of ${LEADS * 2 + MESSAGES + 1} rows`, async () => {
    const staff = await createStaffedTenant(api.db, 'Archivo grande');
    const file = path.join(dir, 'agency.zip');
    await writeLargeArchive(file);
    const platform = await platformBearer(api.db);
    const uploadId = await uploadFile(api.app, platform, 'agency.zip', readFileSync(file), `/api/platform/tenants/${staff.tenant.id}/uploads`);
    const importArchive = (query: string) => request(api.app).post(`/api/platform/tenants/${staff.tenant.id}/archive-imports${query}`).set('Authorization', platform).send({ uploadId }).expect(202);
    const created = (body: { entities: { file: string; create: number; refuse: number }[] }) => Object.fromEntries(body.entities.filter((entity) => entity.create + entity.refuse > 0).map((entity) => [entity.file, entity.create]));
    const expected = { 'users.jsonl': 1, 'leads.jsonl': LEADS, 'conversations.jsonl': LEADS, 'messages.jsonl': MESSAGES };
    expect(created((await importArchive('?dryRun=true')).body)).toEqual(expected);
    const { body } = await importArchive('');
    expect([body.status, created(body)]).toEqual(['APPLYING', expected]);
    const [stored] = await adminQuery<{ n: number }>(`SELECT count(*)::int AS n FROM "DataImportRow" WHERE "importId" = $1`, [body.id]);
    expect(stored!.n).toBe(LEADS * 2 + MESSAGES + 1);
  }, 400_000);
});
