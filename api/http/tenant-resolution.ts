import type { Request, RequestHandler } from 'express';
import type { Database } from '../../prisma/client';
import type { Tenant } from '../../prisma/generated/client';
import type { Plan } from '../../prisma/generated/enums';
import { readTenantSettings, type TenantSettings } from '../../domain/tenant-settings';
import { AppError } from '../../domain/app-error';

/** Strips a `/t/:slug` prefix so the same routes serve path-prefixed tenants. */
export const tenantPathPrefix: RequestHandler = (req, _res, next) => {
  const match = /^\/t\/([a-z0-9][a-z0-9-]{0,62})(\/.*|$)/.exec(req.url);
  if (match) {
    req.tenantSlugFromPath = match[1];
    req.url = match[2] || '/';
  }
  next();
};

export function slugFromHost(host: string | undefined, baseDomain: string | undefined): string | undefined {
  if (!host || !baseDomain) return undefined;
  const hostname = host.split(':')[0]!.toLowerCase();
  const suffix = `.${baseDomain.toLowerCase()}`;
  if (!hostname.endsWith(suffix)) return undefined;
  const slug = hostname.slice(0, -suffix.length);
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) && slug !== 'www' && slug !== 'api' ? slug : undefined;
}

export interface ResolvedTenant {
  id: string;
  slug: string;
  plan: Plan;
  /** The agency's operating settings, read with the tenant so handlers need not read them again. */
  settings: TenantSettings;
}

const resolvedFields = { id: true, slug: true, plan: true, settings: true, locale: true } as const;

/** The locale gives the phone country to agencies whose settings name none. */
function resolved({ id, slug, plan, settings, locale }: Pick<Tenant, keyof typeof resolvedFields>): ResolvedTenant {
  return { id, slug, plan, settings: readTenantSettings(settings, locale) };
}

/**
 * The one place that decides which tenant a request acts in: subdomain, `/t/:slug` prefix and the
 * caller's own tenant must agree; a platform admin acts in the tenant the URL names. An agency the
 * caller may not act in answers exactly as one that does not exist, so slugs cannot be probed.
 */
export async function resolveTenant(req: Request, db: Database, baseDomain: string | undefined): Promise<ResolvedTenant> {
  const slugs = [slugFromHost(req.headers.host, baseDomain), req.tenantSlugFromPath].filter((slug): slug is string => Boolean(slug));
  if (new Set(slugs).size > 1) throw new AppError('forbidden', 'The agency in the host and in the path differ');
  const principal = req.principal;
  if (!principal) throw new AppError('unauthenticated', 'Sign in or send an API key');
  const slug = slugs[0];
  if (slug) {
    const named = await db.prisma.tenant.findUnique({ where: { slug }, select: { ...resolvedFields, active: true } });
    const mayAct = named?.active === true && (principal.kind === 'platform_admin' || named.id === principal.tenantId);
    if (!mayAct) throw new AppError('not_found', `No agency "${slug}"`, { es: `No existe la agencia "${slug}"` });
    return resolved(named);
  }
  if (principal.kind === 'platform_admin') throw new AppError('validation_failed', 'Name the agency to act in with /t/:slug or its subdomain');
  const own = await db.prisma.tenant.findUnique({ where: { id: principal.tenantId }, select: resolvedFields });
  if (!own) throw new AppError('unauthenticated', 'Your agency no longer exists');
  return resolved(own);
}
