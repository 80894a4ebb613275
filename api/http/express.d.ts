import type { Principal } from '../auth/principal';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** The tenant the request acts in, once resolved (see tenant-resolution.ts). */
    tenant?: { id: string; slug: string };
    /** The `/t/:slug` path prefix, stripped before routing. */
    tenantSlugFromPath?: string;
  }
}
