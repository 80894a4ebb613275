import type { Database } from '../../prisma/client';
import { storeUpload } from '../../services/uploads/store-upload';
import { tenantNotFound } from '../../services/tenants/tenant-record';
import { UPLOAD_MAX_BYTES } from '../../domain/uploads';
import { uploadQuery, uploadSchema } from '../contracts/uploads.schemas';
import { fileBody } from '../http/body-types';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';

const SUMMARY = 'Send a file for an import (the body is its bytes, application/octet-stream, up to 50 MB): stored as it arrives and kept a day; imports name it by id';

/** Files for imports, streamed to storage: the API never holds a whole file, and the worker that reads one may run anywhere. */
export function uploadRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/uploads',
      summary: SUMMARY,
      tag: 'imports',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN'] },
      query: uploadQuery,
      upload: true,
      status: 201,
      response: uploadSchema,
      handler: ({ query, req, principal }) =>
        storeUpload(db, req.tenant!.id, { fileName: query.fileName, createdById: principal?.kind === 'user' ? principal.userId : null, body: fileBody(req, UPLOAD_MAX_BYTES), maxBytes: UPLOAD_MAX_BYTES }).then(view),
    }),
    route({
      method: 'post',
      path: '/platform/tenants/:id/uploads',
      summary: `${SUMMARY} (superadmin, for an archive import into that agency)`,
      tag: 'platform',
      access: { scope: 'platform' },
      params: idParams,
      query: uploadQuery,
      upload: true,
      status: 201,
      response: uploadSchema,
      async handler({ params, query, req }) {
        const body = fileBody(req, UPLOAD_MAX_BYTES);
        if (!(await db.prisma.tenant.findUnique({ where: { id: params.id }, select: { id: true } }))) throw tenantNotFound();
        return view(await storeUpload(db, params.id, { fileName: query.fileName, createdById: null, body, maxBytes: UPLOAD_MAX_BYTES }));
      },
    }),
  ];
}

const view = ({ id, fileName, size, expiresAt }: { id: string; fileName: string; size: number; expiresAt: string }) => ({ id, fileName, size, expiresAt });
