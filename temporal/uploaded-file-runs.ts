import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { AppError } from '../domain/app-error';
import { workflowIds } from '../domain/temporal-contracts';
import type { UploadedArchive, UploadedSheet, UploadedSheetDryRun } from '../workflows/uploaded-file.contract';
import { uploadedArchiveImportWorkflow, uploadedSheetDryRunWorkflow, uploadedSheetPreviewWorkflow } from '../workflows/uploaded-file.workflow';
import { TEMPORAL_RETRY_AFTER_SECONDS, waitForRun } from './call-deadlines';
import { carriedAppError, refusalReason } from './workflow-refusal';

/** The longest a request waits for its file to be read (the largest spreadsheet dry run takes about 8 s). */
const RUN_TIMEOUT_MS = 4 * 60_000;

function answerOf(error: WorkflowFailedError): AppError {
  const carried = carriedAppError(error);
  if (carried) return carried;
  const reason = refusalReason(error);
  if (error.cause instanceof ApplicationFailure || error.cause?.cause instanceof ApplicationFailure) {
    return new AppError('unprocessable', `The file could not be read: ${reason}`, { es: `No se pudo leer el archivo: ${reason}` });
  }
  return new AppError('unavailable', `The file was not read in time (${reason}); send the request again`, { es: `El archivo no se leyó a tiempo (${reason}); volvé a enviar el pedido`, retryAfterSeconds: TEMPORAL_RETRY_AFTER_SECONDS });
}

/**
 * Uploaded files are read by a worker, not the API: the request starts the reading as a workflow run
 * and waits for its answer, which is the activity's own problem when it refused.
 */
export function uploadedFileRuns(temporal: Client, taskQueue: string) {
  async function answered<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await waitForRun(temporal, RUN_TIMEOUT_MS, run);
    } catch (error) {
      if (error instanceof WorkflowFailedError) throw answerOf(error);
      throw error;
    }
  }
  const options = (tenantId: string) => ({ workflowId: workflowIds.uploadedFile(tenantId, randomUUID()), taskQueue, workflowExecutionTimeout: RUN_TIMEOUT_MS });
  return {
    preview: (input: UploadedSheet) => answered(() => temporal.workflow.execute(uploadedSheetPreviewWorkflow, { ...options(input.tenantId), args: [input] })),
    /** The dry run's import id. */
    dryRun: (input: UploadedSheetDryRun) => answered(() => temporal.workflow.execute(uploadedSheetDryRunWorkflow, { ...options(input.tenantId), args: [input] })),
    archive: (input: UploadedArchive) => answered(() => temporal.workflow.execute(uploadedArchiveImportWorkflow, { ...options(input.tenantId), args: [input] })),
  };
}

export type UploadedFileRuns = ReturnType<typeof uploadedFileRuns>;
