import { AsyncLocalStorage } from 'node:async_hooks';

export interface Actor {
  type: 'user' | 'api_key' | 'platform_admin' | 'system' | 'webhook';
  id?: string;
  ip?: string;
}

export interface TenantContext {
  tenantId: string;
  actor: Actor;
  /** Set only inside the transaction that carries the tenant's RLS setting. */
  transactional?: boolean;
}

const storage = new AsyncLocalStorage<TenantContext>();

export const tenantContext = {
  run<T>(context: TenantContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): TenantContext | undefined {
    return storage.getStore();
  },
  /** The context inside db.inTenant; throws where a tenant is required but missing. */
  require(what: string): TenantContext {
    const context = storage.getStore();
    if (!context) throw new TenantContextMissingError(what);
    return context;
  },
};

/** Raised when code touches tenant-owned data without a tenant: a bug, never a user error. */
export class TenantContextMissingError extends Error {
  constructor(what: string) {
    super(`${what} requires a tenant context; use db.inTenant(...) or db.forCurrentTenant(...)`);
    this.name = 'TenantContextMissingError';
  }
}
