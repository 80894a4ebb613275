import { proxyActivities } from '@temporalio/workflow';
import type { UploadedFileActivities } from '../activities/uploaded-file.activities';
import type { UploadedArchive, UploadedSheet, UploadedSheetDryRun } from './uploaded-file.contract';

/** Someone waits on each answer: one attempt, within the request's patience; the user sends again if a worker died. */
const { previewUploadedSheet, dryRunUploadedSheet, importUploadedArchive } = proxyActivities<UploadedFileActivities>({ startToCloseTimeout: '4 minutes', retry: { maximumAttempts: 1 } });

export async function uploadedSheetPreviewWorkflow(input: UploadedSheet) {
  return previewUploadedSheet(input);
}

export async function uploadedSheetDryRunWorkflow(input: UploadedSheetDryRun): Promise<string> {
  return dryRunUploadedSheet(input);
}

export async function uploadedArchiveImportWorkflow(input: UploadedArchive) {
  return importUploadedArchive(input);
}
