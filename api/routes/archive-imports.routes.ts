import type { Database } from '../../prisma/client';
import { tenantContext, type Actor } from '../../prisma/tenant-context';
import { archiveImportView, findArchiveImport } from '../../services/archive-imports/archive-import-view';
import { undoArchiveImport } from '../../services/archive-imports/undo-archive-import';
import type { CommittedStarts } from '../../temporal/committed-starts';
import type { UploadedFileRuns } from '../../temporal/uploaded-file-runs';
import { platformActor } from '../auth/principal';
import { archiveImportBody, archiveImportParams, archiveImportQuery, archiveImportSchema } from '../contracts/archive-imports.schemas';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';

const OWNER = { scope: 'tenant', roles: ['OWNER'] } as const;
const IMPORT_SUMMARY = 'Import an agency export (docs/export-format.md) into a new agency (no leads, properties, conversations or campaigns, else 409): every row gets a new id; ?dryRun=true answers per entity what would be created and refused, writing nothing';

const current = (): { tenantId: string; actor: Actor } => tenantContext.require('archive import');

/**
 * Agency archives brought into a new agency, by a platform admin or by the agency's owner (the archive can only
 * write rows of the agency it is imported into, under new ids: docs/export-format.md, "Importing").
 */
export function archiveImportRoutes({ db, starts, files }: { db: Database; starts: CommittedStarts; files: UploadedFileRuns }): RouteSpec[] {
  const deps = { db, starts };
  const view = (tenantId: string, importId: string) => db.inTenant(tenantId, async (tx) => archiveImportView(tx, await findArchiveImport(tx, importId)));
  return [
    route({
      method: 'post',
      path: '/archive-imports',
      summary: IMPORT_SUMMARY,
      tag: 'export',
      access: OWNER,
      query: archiveImportQuery,
      body: archiveImportBody,
      status: 202,
      response: archiveImportSchema,
      handler: ({ query, body }) => files.archive({ ...current(), uploadId: body.uploadId, dryRun: query.dryRun }),
    }),
    route({
      method: 'get',
      path: '/archive-imports/:id',
      summary: 'One archive import: per entity rows in the archive, created, refused (with why) and undone; the agency’s totals before and after (poll it for progress)',
      tag: 'export',
      access: OWNER,
      params: idParams,
      response: archiveImportSchema,
      handler: ({ params }) => view(current().tenantId, params.id),
    }),
    route({
      method: 'post',
      path: '/archive-imports/:id/undo',
      summary: 'Undo an archive import within 7 days: deletes every row it created and restores the settings (409 while rows added since depend on imported ones)',
      tag: 'export',
      access: OWNER,
      params: idParams,
      status: 202,
      response: archiveImportSchema,
      handler: ({ params }) => undoArchiveImport(deps, current(), params.id),
    }),
    route({
      method: 'post',
      path: '/platform/tenants/:id/archive-imports',
      summary: `${IMPORT_SUMMARY} (superadmin)`,
      tag: 'platform',
      access: { scope: 'platform' },
      params: idParams,
      query: archiveImportQuery,
      body: archiveImportBody,
      status: 202,
      response: archiveImportSchema,
      handler: ({ params, query, body, principal, req }) =>
        files.archive({ tenantId: params.id, actor: platformActor(principal, req.ip), uploadId: body.uploadId, dryRun: query.dryRun }),
    }),
    route({
      method: 'get',
      path: '/platform/tenants/:id/archive-imports/:importId',
      summary: 'One archive import of an agency (superadmin)',
      tag: 'platform',
      access: { scope: 'platform' },
      params: archiveImportParams,
      response: archiveImportSchema,
      handler: ({ params }) => view(params.id, params.importId),
    }),
    route({
      method: 'post',
      path: '/platform/tenants/:id/archive-imports/:importId/undo',
      summary: 'Undo an archive import of an agency within 7 days (superadmin)',
      tag: 'platform',
      access: { scope: 'platform' },
      params: archiveImportParams,
      status: 202,
      response: archiveImportSchema,
      handler: ({ params, principal, req }) => undoArchiveImport(deps, { tenantId: params.id, actor: platformActor(principal, req.ip) }, params.importId),
    }),
  ];
}
