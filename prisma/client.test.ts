import { adminQuery, createTestTenant, openDatabase } from '../testing/harness';
import { harnessValue } from '../testing/harness-env';
import { createDatabase, type Database } from './client';
import { TenantContextMissingError } from './tenant-context';

describe('tenant-scoped data access', () => {
  let db: Database;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    db = openDatabase();
    [tenantA, tenantB] = [(await createTestTenant(db, 'Scope A')).id, (await createTestTenant(db, 'Scope B')).id];
    await db.inTenant(tenantA, (tx) => tx.property.create({ data: { tenantId: tenantA, title: 'Casa A', price: 1, operation: 'SALE', type: 'HOUSE', zone: 'Centro' } }));
    await db.inTenant(tenantB, (tx) => tx.property.create({ data: { tenantId: tenantB, title: 'Casa B', price: 1, operation: 'SALE', type: 'HOUSE', zone: 'Centro' } }));
  });

  afterAll(() => db.disconnect());

  it('fails loudly when code touches tenant data without a tenant', async () => {
    await expect(db.prisma.property.findMany()).rejects.toBeInstanceOf(TenantContextMissingError);
    expect(() => db.forCurrentTenant(async () => 1)).toThrow(TenantContextMissingError);
  });

  it('stamps creates with the tenant and filters reads to it', async () => {
    const titles = await db.inTenant(tenantA, (tx) => tx.property.findMany({ select: { title: true, tenantId: true } }));
    expect(titles).toEqual([{ title: 'Casa A', tenantId: tenantA }]);
  });

  it("does not find another tenant's row by id, nor update or delete it", async () => {
    const other = await db.inTenant(tenantB, (tx) => tx.property.findFirstOrThrow());
    await expect(db.inTenant(tenantA, (tx) => tx.property.findUnique({ where: { id: other.id } }))).resolves.toBeNull();
    await expect(db.inTenant(tenantA, (tx) => tx.property.updateMany({ where: { id: other.id }, data: { title: 'x' } }))).resolves.toEqual({ count: 0 });
    await expect(db.inTenant(tenantA, (tx) => tx.property.deleteMany({ where: { id: other.id } }))).resolves.toEqual({ count: 0 });
  });

  it("refuses to write another tenant's id", async () => {
    await expect(
      db.inTenant(tenantA, (tx) => tx.property.create({ data: { tenantId: tenantB, title: 'x', price: 1, operation: 'SALE', type: 'HOUSE', zone: 'z' } })),
    ).rejects.toBeInstanceOf(TenantContextMissingError);
    await expect(db.inTenant(tenantA, (tx) => tx.property.updateMany({ data: { tenantId: tenantB } }))).rejects.toBeInstanceOf(TenantContextMissingError);
  });
});

describe('a connection that drops while checked out (PostgreSQL restarted)', () => {
  let db: Database;
  let tenantId: string;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
  const terminate = (pid: number) => adminQuery('SELECT pg_terminate_backend($1)', [pid]);

  beforeAll(async () => {
    db = openDatabase();
    tenantId = (await createTestTenant(db, 'Restart')).id;
  });
  afterAll(() => db.disconnect());

  it('fails each Prisma transaction using it and gives its pool slot back, so later transactions still run', async () => {
    const small = createDatabase(harnessValue('appUrl'), { poolSize: 2 });
    try {
      for (let lostSoFar = 0; lostSoFar < 3; lostSoFar += 1) {
        const lost = small.inTenant(tenantId, async (tx) => {
          const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          await terminate(row!.pid);
          await pause();
          return tx.property.count();
        });
        await expect(lost).rejects.toThrow();
      }
      expect(await small.inTenant(tenantId, (tx) => tx.property.count())).toBe(0);
    } finally {
      await small.disconnect();
    }
  });

  it('fails the raw SQL transaction using it, without crashing the process, and the next one works', async () => {
    const lost = db.sqlInTenant(tenantId, async (query) => {
      const [row] = await query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(row!.pid);
      await pause();
      return query('SELECT 1');
    });
    await expect(lost).rejects.toThrow();
    expect(await db.sqlInTenant(tenantId, (query) => query<{ one: number }>('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
  });
});
