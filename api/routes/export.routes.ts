import type { Response } from 'express';
import type { Database } from '../../prisma/client';
import { tenantContext, type Actor } from '../../prisma/tenant-context';
import { prepareAgencyExport } from '../../services/exports/prepare-agency-export';
import { writeAgencyArchive } from '../../services/exports/write-agency-archive';
import { platformActor } from '../auth/principal';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';

/** The header with the rows the archive holds (counted before it streams), for the client's progress. */
export const EXPORT_ROWS_HEADER = 'X-Astor-Export-Rows';

async function sendAgencyArchive(db: Database, tenantId: string, actor: Actor, res: Response): Promise<void> {
  const plan = await prepareAgencyExport({ db }, tenantId, actor);
  res.status(200).set({
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename="${plan.fileName}"`,
    'Cache-Control': 'no-store',
    [EXPORT_ROWS_HEADER]: String(plan.totalRows),
    'Access-Control-Expose-Headers': EXPORT_ROWS_HEADER,
  });
  await writeAgencyArchive({ db }, plan, res);
}

/** Everything an agency owns, as one streamed archive (docs/export-format.md): for its owner, or a platform admin. */
export function exportRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/export',
      sends: 'file',
      summary: "Download all of the agency's data as a zip of JSON Lines files (docs/export-format.md), streamed; X-Astor-Export-Rows says how many rows it holds",
      tag: 'export',
      access: { scope: 'tenant', roles: ['OWNER'] },
      async handler({ req, res }) {
        await sendAgencyArchive(db, req.tenant!.id, tenantContext.require('export').actor, res);
      },
    }),
    route({
      method: 'get',
      path: '/platform/tenants/:id/export',
      sends: 'file',
      summary: "Download all of an agency's data as the same archive its owner gets (superadmin)",
      tag: 'platform',
      access: { scope: 'platform' },
      params: idParams,
      async handler({ params, principal, req, res }) {
        await sendAgencyArchive(db, params.id, platformActor(principal, req.ip), res);
      },
    }),
  ];
}
