import type { Principal } from '../auth/principal';
import type { ResolvedTenant } from './tenant-resolution';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** This request's id (see request-id.ts): in its logs, its X-Request-Id answer header and its problem+json. */
    requestId?: string;
    /** The tenant the request acts in, once resolved (see tenant-resolution.ts). */
    tenant?: ResolvedTenant;
    /** The `/t/:slug` path prefix, stripped before routing. */
    tenantSlugFromPath?: string;
  }
}
