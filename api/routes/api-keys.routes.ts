import type { Database } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import type { ApiKey } from '../../prisma/generated/client';
import { tenantContext } from '../../prisma/tenant-context';
import { digest, newApiKey } from '../auth/tokens';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { apiKeyListSchema, createApiKeyBody, createdApiKeySchema } from '../contracts/api-keys.schemas';


function apiKeyView({ id, name, prefix, createdById, lastUsedAt, revokedAt, createdAt }: ApiKey) {
  return { id, name, prefix: `ast_k_${prefix}`, createdById, lastUsedAt, revokedAt, createdAt };
}

export function apiKeyRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api-keys',
      summary: "The agency's API keys (never their secrets)",
      tag: 'api-keys',
      access: { scope: 'tenant', roles: MANAGERS },
      response: apiKeyListSchema,
      async handler() {
        const keys = await db.forCurrentTenant((tx) => tx.apiKey.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }));
        return { items: keys.map(apiKeyView) };
      },
    }),
    route({
      method: 'post',
      path: '/api-keys',
      summary: 'Create an API key for a landing page or relay; the key is shown only in this response',
      tag: 'api-keys',
      access: { scope: 'tenant', roles: MANAGERS },
      body: createApiKeyBody,
      status: 201,
      response: createdApiKeySchema,
      async handler({ body, principal }) {
        const { key, prefix, secret } = newApiKey();
        const created = await db.forCurrentTenant(async (tx) => {
          const row = await tx.apiKey.create({
            data: {
              tenantId: tenantContext.require('create API key').tenantId,
              name: body.name,
              prefix,
              secretHash: digest(secret),
              createdById: principal?.kind === 'user' ? principal.userId : null,
            },
          });
          await recordAudit(tx, { action: 'create', entity: 'ApiKey', entityId: row.id, after: apiKeyView(row) });
          return row;
        });
        return { ...apiKeyView(created), key };
      },
    }),
    route({
      method: 'delete',
      path: '/api-keys/:id',
      summary: 'Revoke an API key at once',
      tag: 'api-keys',
      access: { scope: 'tenant', roles: MANAGERS },
      params: idParams,
      status: 204,
      async handler({ params }) {
        await db.forCurrentTenant(async (tx) => {
          const before = await tx.apiKey.findUnique({ where: { id: params.id } });
          if (!before) throw new AppError('not_found', 'No such API key in this agency');
          if (before.revokedAt) return;
          const after = await tx.apiKey.update({ where: { id: params.id }, data: { revokedAt: new Date() } });
          await recordAudit(tx, { action: 'revoke', entity: 'ApiKey', entityId: params.id, before: apiKeyView(before), after: apiKeyView(after) });
        });
      },
    }),
  ];
}
