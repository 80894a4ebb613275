import type { Database } from '../../prisma/client';
import type { ApiKey } from '../../prisma/generated/client';
import { digest, newApiKey } from '../auth/tokens';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { apiKeyListSchema, createApiKeyBody, createdApiKeySchema } from '../contracts/api-keys.schemas';
import { apiKeyRecord } from '../../services/api-keys/api-key-record';
import { createApiKey } from '../../services/api-keys/create-api-key';
import { revokeApiKey } from '../../services/api-keys/revoke-api-key';

const apiKeyView = (key: ApiKey) => apiKeyRecord(key);

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
        const created = await createApiKey({ db }, { name: body.name, prefix, secretHash: digest(secret), createdById: principal?.kind === 'user' ? principal.userId : null });
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
        await revokeApiKey({ db }, params.id);
      },
    }),
  ];
}
