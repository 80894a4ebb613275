import { z } from 'zod';
import { IMPORT_ENTITIES } from '../../domain/imports/import-fields';
import type { Database } from '../../prisma/client';
import type { ImportMapping } from '../../prisma/generated/client';
import { tenantContext } from '../../prisma/tenant-context';
import { entityName, entityRow } from '../../services/imports/import-records';
import { AppError } from '../../domain/app-error';
import { importMappingBody, importMappingListSchema, importMappingSchema } from '../contracts/imports.schemas';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';

const MANAGERS = { scope: 'tenant', roles: ['OWNER', 'ADMIN'] } as const;

const view = ({ tenantId: _tenantId, entity, columns, ...mapping }: ImportMapping) => ({ ...mapping, entity: entityName(entity), columns: columns as Record<string, string | null> });

/** Column mappings an agency saves by name, to reuse with its next file of the same shape. */
export function importMappingRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/import-mappings',
      summary: 'The agency’s saved column mappings',
      tag: 'imports',
      access: MANAGERS,
      query: z.strictObject({ entity: z.enum(IMPORT_ENTITIES).optional() }),
      response: importMappingListSchema,
      handler: ({ query }) => db.forCurrentTenant(async (tx) => ({ items: (await tx.importMapping.findMany({ where: query.entity ? { entity: entityRow(query.entity) } : {}, orderBy: { name: 'asc' } })).map(view) })),
    }),
    route({
      method: 'put',
      path: '/import-mappings',
      summary: 'Save a column mapping under a name (replacing the one of that name)',
      tag: 'imports',
      access: MANAGERS,
      body: importMappingBody,
      response: importMappingSchema,
      handler: ({ body }) =>
        db.forCurrentTenant(async (tx) => {
          const { tenantId } = tenantContext.require('save import mapping');
          const entity = entityRow(body.mapping.entity);
          const saved = await tx.importMapping.upsert({ where: { tenantId_entity_name: { tenantId, entity, name: body.name } }, create: { tenantId, entity, name: body.name, columns: body.mapping.columns }, update: { columns: body.mapping.columns } });
          return view(saved);
        }),
    }),
    route({
      method: 'delete',
      path: '/import-mappings/:id',
      summary: 'Forget a saved column mapping',
      tag: 'imports',
      access: MANAGERS,
      params: idParams,
      status: 204,
      async handler({ params }) {
        const { count } = await db.forCurrentTenant((tx) => tx.importMapping.deleteMany({ where: { id: params.id } }));
        if (!count) throw new AppError('not_found', 'No such mapping', { es: 'No existe esa asignación' });
      },
    }),
  ];
}
