import type { Client } from '@temporalio/client';
import { createLogger } from '../domain/logger';
import { SHEET_MAX_BYTES, UPLOAD_MAX_BYTES } from '../domain/uploads';
import type { Database } from '../prisma/client';
import { tenantContext } from '../prisma/tenant-context';
import { importAgencyArchive } from '../services/archive-imports/import-agency-archive';
import { dryRunImport } from '../services/imports/dry-run-import';
import { previewImport } from '../services/imports/preview-import';
import { readUpload } from '../services/uploads/read-upload';
import { committedStarts } from '../temporal/committed-starts';
import type { UploadedArchive, UploadedSheet, UploadedSheetDryRun } from '../workflows/uploaded-file.contract';
import { carryingAppErrors } from './app-error-failure';

/**
 * Uploaded files read where memory is not the webhook path's: a spreadsheet's preview and dry run, an
 * agency archive's plan. A refusal (a bad mapping, a full agency) reaches the API as the problem it is.
 */
export function createUploadedFileActivities({ db, temporal, taskQueue }: { db: Database; temporal: Client; taskQueue: string }) {
  const starts = committedStarts({ db, temporal, taskQueue, logger: createLogger('uploaded-file') });
  return {
    previewUploadedSheet: ({ tenantId, uploadId, entity }: UploadedSheet) =>
      carryingAppErrors(async () => previewImport({ entity, content: (await readUpload(db, tenantId, uploadId, SHEET_MAX_BYTES)).content })),

    /** The dry run's import id. */
    dryRunUploadedSheet: ({ tenantId, actor, uploadId, entity, columns }: UploadedSheetDryRun) =>
      carryingAppErrors(async () => {
        const { fileName, content } = await readUpload(db, tenantId, uploadId, SHEET_MAX_BYTES);
        return tenantContext.run({ tenantId, actor }, () => dryRunImport({ db }, { entity, fileName, content, ...(columns ? { columns } : {}) }));
      }),

    importUploadedArchive: ({ tenantId, actor, uploadId, dryRun }: UploadedArchive) =>
      carryingAppErrors(async () => {
        const { fileName, content } = await readUpload(db, tenantId, uploadId, UPLOAD_MAX_BYTES);
        return importAgencyArchive({ db, starts }, { tenantId, actor }, { fileName, content, dryRun });
      }),
  };
}

export type UploadedFileActivities = ReturnType<typeof createUploadedFileActivities>;
