import { pgAdapter } from './release-failed-transactions';
import { Pool } from 'pg';
import { Prisma, PrismaClient } from './generated/client';
import { tenantContext, TenantContextMissingError, type Actor } from './tenant-context';
import { TENANT_MODELS } from './tenant-models';

type Args = Record<string, unknown> & { where?: object; data?: unknown; create?: unknown };

function scopeData(data: unknown, tenantId: string, model: string): unknown {
  if (Array.isArray(data)) return data.map((row) => scopeData(row, tenantId, model));
  const row = (data ?? {}) as Record<string, unknown>;
  if (row.tenantId !== undefined && row.tenantId !== tenantId) {
    throw new TenantContextMissingError(`writing ${model} for another tenant`);
  }
  return { ...row, tenantId };
}

function scopeArgs(model: string, operation: string, args: Args, tenantId: string): Args {
  const scoped: Args = { ...args };
  if (operation.startsWith('create')) {
    scoped.data = scopeData(args.data, tenantId, model);
    return scoped;
  }
  scoped.where = { ...(args.where ?? {}), tenantId };
  if (operation === 'upsert') scoped.create = scopeData(args.create, tenantId, model);
  if (operation.startsWith('update') && args.data) {
    const data = args.data as Record<string, unknown>;
    if (data.tenantId !== undefined && data.tenantId !== tenantId) {
      throw new TenantContextMissingError(`moving ${model} to another tenant`);
    }
  }
  return scoped;
}

/** Every query on a tenant-owned model is filtered and stamped with the context's tenant, or refused. */
const tenantScope = Prisma.defineExtension({
  name: 'tenant-scope',
  query: {
    $allModels: {
      $allOperations({ model, operation, args, query }) {
        if (!TENANT_MODELS.has(model as Prisma.ModelName)) return query(args);
        const context = tenantContext.current();
        if (!context?.transactional) throw new TenantContextMissingError(`${model}.${operation}`);
        return query(scopeArgs(model, operation, args as Args, context.tenantId) as typeof args);
      },
    },
  },
});

export function createPrismaClient(pool: Pool) {
  return new PrismaClient({ adapter: pgAdapter(pool) }).$extends(tenantScope);
}

export type ScopedPrisma = ReturnType<typeof createPrismaClient>;
export type TenantTx = Omit<ScopedPrisma, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface Database {
  /** Global models only (Tenant, Rule, sessions); tenant-owned models throw here. */
  prisma: ScopedPrisma;
  /** Runs `work` in one transaction carrying the tenant's RLS setting, with the tenant in context. */
  inTenant<T>(tenantId: string, work: (tx: TenantTx) => Promise<T>, actor?: Actor): Promise<T>;
  /**
   * Raw SQL in one transaction carrying the tenant's RLS setting, on the same pool: for hot paths
   * where Prisma's cost per query shows. Row-level security still scopes every statement.
   */
  sqlInTenant<T>(tenantId: string, work: (query: SqlQuery) => Promise<T>): Promise<T>;
  /**
   * One statement in a transaction of its own: one round trip, for the routines in prisma/routines
   * that take the agency as an argument and set app.tenant_id themselves before touching its rows.
   */
  routine: SqlQuery;
  /** As inTenant, for the tenant already in the request or activity context. */
  forCurrentTenant<T>(work: (tx: TenantTx) => Promise<T>): Promise<T>;
  disconnect(): Promise<void>;
}

export type SqlQuery = <Row extends object>(text: string, values?: unknown[]) => Promise<Row[]>;

/** The same raw SQL inside a Prisma transaction, so one repository function serves both kinds. */
export const sqlOf =
  (tx: TenantTx): SqlQuery =>
  (text, values = []) =>
    tx.$queryRawUnsafe(text, ...values);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createDatabase(url: string, options: { poolSize?: number } = {}): Database {
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // A connection that drops (PostgreSQL restarted, a backend terminated) must not crash the process:
  // an idle one is replaced on the next query, and one checked out fails the query or transaction
  // using it, which retries. pg only listens for errors on idle clients, so every client gets its own.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const prisma = createPrismaClient(pool);
  const inTenant: Database['inTenant'] = (tenantId, work, actor) => {
    const outer = tenantContext.current();
    const context = { tenantId, actor: actor ?? outer?.actor ?? { type: 'system' as const } };
    return tenantContext.run(context, () =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
        // Awaited inside run(): Prisma queries are lazy and read the context when awaited.
        return tenantContext.run({ ...context, transactional: true }, async () => await work(tx as TenantTx));
      }, { maxWait: 10_000, timeout: 30_000 }),
    );
  };
  const sqlInTenant: Database['sqlInTenant'] = async (tenantId, work) => {
    if (!UUID.test(tenantId)) throw new Error('sqlInTenant needs a tenant id');
    const client = await pool.connect();
    try {
      // One round trip opens the transaction and sets the tenant (a checked UUID, so safe to inline).
      await client.query(`BEGIN; SET LOCAL app.tenant_id = '${tenantId}'`);
      const result = await work(async (text, values) => (await client.query(text, values)).rows);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    prisma,
    inTenant,
    sqlInTenant,
    routine: async (text, values) => (await pool.query(text, values)).rows,
    forCurrentTenant(work) {
      const context = tenantContext.current();
      if (!context) throw new TenantContextMissingError('forCurrentTenant');
      return inTenant(context.tenantId, work, context.actor);
    },
    async disconnect() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
