import type { Database } from '../../prisma/client';
import type { Prisma } from '../../prisma/generated/client';
import type { CommittedStarts } from '../../temporal/committed-starts';
import type { UploadedFileRuns } from '../../temporal/uploaded-file-runs';
import { tenantContext } from '../../prisma/tenant-context';
import { findImport, importView } from '../../services/imports/import-records';
import { startImportPhase } from '../../services/imports/start-import-phase';
import { createImportBody, importListSchema, importPreviewSchema, importRowsPageSchema, importRowsQuery, importSchema, previewImportBody } from '../contracts/imports.schemas';
import type { CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';

const MANAGERS = { scope: 'tenant', roles: ['OWNER', 'ADMIN'] } as const;
const IN_FILE_ORDER = { field: 'row', direction: 'asc' } as const;
const RECENT_IMPORTS = 50;

/** Spreadsheets of leads or properties (sent to /uploads first, read by a worker): preview, dry run, apply and undo. */
export function importRoutes({ db, starts, cursorFor, files }: { db: Database; starts: CommittedStarts; cursorFor: CursorFor; files: UploadedFileRuns }): RouteSpec[] {
  const pages = cursorFor('import-rows', IN_FILE_ORDER);
  return [
    route({
      method: 'post',
      path: '/imports/preview',
      summary: "A file's headers, first rows and the suggested column mapping (stores nothing)",
      tag: 'imports',
      access: MANAGERS,
      body: previewImportBody,
      response: importPreviewSchema,
      handler: ({ body }) => files.preview({ tenantId: tenantContext.require('import preview').tenantId, ...body }),
    }),
    route({
      method: 'post',
      path: '/imports',
      summary: 'Dry run: every row checked and compared with the agency’s records (create, merge with its changes, refuse with why); nothing is written to leads or properties',
      tag: 'imports',
      access: MANAGERS,
      body: createImportBody,
      status: 201,
      response: importSchema,
      async handler({ body }) {
        const { tenantId, actor } = tenantContext.require('import dry run');
        const id = await files.dryRun({ tenantId, actor, ...body });
        return db.forCurrentTenant(async (tx) => importView(tx, await findImport(tx, id)));
      },
    }),
    route({
      method: 'get',
      path: '/imports',
      summary: 'The agency’s recent imports, newest first',
      tag: 'imports',
      access: MANAGERS,
      response: importListSchema,
      handler: () =>
        db.forCurrentTenant(async (tx) => {
          const found = await tx.dataImport.findMany({ where: { entity: { not: 'ARCHIVE' } }, orderBy: { createdAt: 'desc' }, take: RECENT_IMPORTS });
          const items = [];
          for (const one of found) {
            const { headers: _headers, columns: _columns, ...view } = await importView(tx, one);
            items.push(view);
          }
          return { items };
        }),
    }),
    route({
      method: 'get',
      path: '/imports/:id',
      summary: 'One import: planned, applied and undone counts and the agency’s totals before and after (poll it for progress)',
      tag: 'imports',
      access: MANAGERS,
      params: idParams,
      response: importSchema,
      handler: ({ params }) => db.forCurrentTenant(async (tx) => importView(tx, await findImport(tx, params.id))),
    }),
    route({
      method: 'get',
      path: '/imports/:id/rows',
      summary: 'An import’s rows in file order: what each would do or did, refusals with the reason per field, merges with each change, undo verdicts',
      tag: 'imports',
      access: MANAGERS,
      params: idParams,
      query: importRowsQuery,
      response: importRowsPageSchema,
      handler: ({ params, query }) =>
        db.forCurrentTenant(async (tx) => {
          await findImport(tx, params.id);
          const after = pages.read(query.cursor);
          const where: Prisma.DataImportRowWhereInput = { importId: params.id, ...(query.outcome ? { outcome: query.outcome } : {}), ...(query.undo ? { undo: query.undo } : {}), ...(after ? { row: { gt: Number(after.value) } } : {}) };
          const rows = await tx.dataImportRow.findMany({ where, orderBy: { row: 'asc' }, take: query.limit + 1 });
          return pages.page(
            rows.map((row) => ({ ...row, id: String(row.row) })),
            query.limit,
            (row) => row.row,
            ({ tenantId: _tenantId, importId: _importId, ...row }) => row,
          );
        }),
    }),
    route({
      method: 'post',
      path: '/imports/:id/apply',
      summary: 'Apply a dry run as a durable workflow, in batches, each row exactly once (poll the import for progress)',
      tag: 'imports',
      access: MANAGERS,
      params: idParams,
      status: 202,
      response: importSchema,
      handler: ({ params }) => startImportPhase({ db, starts }, params.id, 'apply'),
    }),
    route({
      method: 'post',
      path: '/imports/:id/undo',
      summary: 'Undo an applied import within 7 days: removes what it created and restores what its merges changed, except records someone edited since (listed)',
      tag: 'imports',
      access: MANAGERS,
      params: idParams,
      status: 202,
      response: importSchema,
      handler: ({ params }) => startImportPhase({ db, starts }, params.id, 'undo'),
    }),
  ];
}
