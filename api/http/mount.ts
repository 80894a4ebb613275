import { Router, type Request } from 'express';
import type { Database } from '../../prisma/client';
import { tenantContext, type Actor } from '../../prisma/tenant-context';
import type { Principal } from '../auth/principal';
import { z } from 'zod';
import type { Logger } from '../../domain/logger';
import { findUnstorableText } from '../../domain/storable-text';
import { AppError } from '../../domain/app-error';
import { problemLocale, zodErrorMap, type ProblemLocale } from './problem-locale';
import type { RouteSpec } from './route';
import type { TenantRateLimiter } from './tenant-rate-limit';
import { resolveTenant } from './tenant-resolution';
import { undeclaredFields } from './undeclared-fields';

function actorOf(principal: Principal | undefined, ip: string | undefined): Actor {
  if (!principal) return { type: 'webhook', ip };
  if (principal.kind === 'user') return { type: 'user', id: principal.userId, ip };
  if (principal.kind === 'api_key') return { type: 'api_key', id: principal.apiKeyId, ip };
  return { type: 'platform_admin', id: principal.adminId, ip };
}

function authorize(spec: RouteSpec, principal: Principal | undefined): void {
  const { access } = spec;
  if (access.scope === 'public') return;
  if (!principal) throw new AppError('unauthenticated', 'Sign in or send an API key');
  if (access.scope === 'platform') {
    if (principal.kind !== 'platform_admin') throw new AppError('forbidden', 'Only platform administrators may do this');
    return;
  }
  if (principal.kind === 'platform_admin') return;
  if (principal.kind === 'api_key') {
    if (!access.apiKey) throw new AppError('forbidden', 'API keys may not call this route');
    return;
  }
  if (!access.roles.includes(principal.role)) throw new AppError('forbidden', `Your role (${principal.role}) may not do this`, { es: `Tu rol (${principal.role}) no puede hacer esto` });
}

const REFUSED_TEXT = {
  value: { message: 'contains a character that cannot be stored (a control character or broken Unicode)', es: 'contiene un carácter que no se puede guardar (de control o Unicode roto)' },
  key: { message: 'is a field name with a character that cannot be stored', es: 'es un nombre de campo con un carácter que no se puede guardar' },
  too_deep: { message: 'is nested too deeply', es: 'está anidado demasiado profundo' },
};

/** The text rule, before any schema: every string and key of the request, wherever it sits. */
function refuseUnstorableText(request: Record<'params' | 'query' | 'body', unknown>): void {
  for (const [part, value] of Object.entries(request)) {
    const found = findUnstorableText(value);
    if (!found) continue;
    const path = part === 'body' ? found.path : `${part === 'params' ? 'path' : 'query'}.${found.path}`;
    const refusal = REFUSED_TEXT[found.problem];
    throw new AppError('validation_failed', `${path} ${refusal.message}`, { es: `${path} ${refusal.es}`, fields: [{ path, message: refusal.message, code: 'invalid_text' }] });
  }
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, locale: ProblemLocale): T {
  return (schema ? schema.parse(value, { error: zodErrorMap(locale) }) : undefined) as T;
}

interface MountOptions {
  db: Database;
  baseDomain: string | undefined;
  limiter: TenantRateLimiter;
  logger: Logger;
  /** `reject` answers 500 when a result breaks its response schema or carries a field it does not declare; `log` (production) only logs it. */
  responseCheck: 'reject' | 'log';
}

/**
 * Checks the JSON a handler's result becomes against the route's response schema, and that it carries no
 * field the schema does not name (zod would silently strip one while parsing, so an undeclared field,
 * perhaps a secret or an internal column, is found by comparing the parse output with its input). The
 * client gets the handler's own value, never the parse output, so a loose schema cannot strip or reshape a
 * field. A mismatch or an undeclared field throws (`reject`) or is logged (`log`); the message names paths, never values.
 */
function checkResponse(spec: RouteSpec, result: unknown, { logger, responseCheck }: MountOptions): void {
  if (!spec.response) return;
  const json: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  const checked = spec.response.safeParse(json);
  let problem: string;
  if (checked.success) {
    const undeclared = undeclaredFields(json, checked.data);
    if (undeclared.length === 0) return;
    problem = `fields it does not declare: ${undeclared.join(', ')}`;
  } else {
    problem = z.prettifyError(checked.error);
  }
  const message = `${spec.method.toUpperCase()} ${spec.path} answered outside its response schema: ${problem}`;
  if (responseCheck === 'reject') throw new Error(message);
  logger.error(message);
}

/** Mounts route specs: authorization, tenant resolution and rate limit, zod validation, then the handler in the tenant's context. */
export function mountRoutes(routes: readonly RouteSpec[], options: MountOptions): Router {
  const { db, baseDomain, limiter } = options;
  const router = Router();
  for (const spec of routes) {
    router[spec.method](spec.path, async (req: Request, res) => {
      authorize(spec, req.principal);
      const tenant = spec.access.scope === 'tenant' ? await resolveTenant(req, db, baseDomain) : undefined;
      if (tenant) limiter.take(tenant.id, tenant.plan);
      const locale = problemLocale(req);
      refuseUnstorableText({ params: req.params, query: req.query, body: req.body });
      const params = parse(spec.params, req.params, locale);
      const query = parse(spec.query, req.query, locale);
      const body = parse(spec.body, req.body ?? {}, locale);
      const run = () => spec.handler({ params, query, body, principal: req.principal, req, res });
      let result: unknown;
      if (tenant) {
        req.tenant = tenant;
        result = await tenantContext.run({ tenantId: tenant.id, actor: actorOf(req.principal, req.ip) }, run);
      } else {
        result = await run();
      }
      if (res.headersSent) return;
      const status = spec.status ?? 200;
      if (status === 204) {
        res.status(204).end();
        return;
      }
      checkResponse(spec, result, options);
      res.status(status).json(result);
    });
  }
  return router;
}
