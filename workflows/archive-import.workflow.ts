import { proxyActivities } from '@temporalio/workflow';
import type { ArchiveImportActivities } from '../activities/archive-import.activities';
import type { DataImportInput } from './data-import.contract';
import { durable } from './retry-policies';

const { finishArchiveImport } = proxyActivities<ArchiveImportActivities>({ startToCloseTimeout: '1 minute', retry: durable });
/** A batch heartbeats after each file's run of rows: a worker that dies mid-batch is noticed within seconds. */
const { nextArchiveRows } = proxyActivities<ArchiveImportActivities>({ startToCloseTimeout: '2 minutes', heartbeatTimeout: '10 seconds', retry: durable });

const reasonOf = (error: unknown) => (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));

/**
 * Creates an agency archive's rows in the importing agency (or deletes them again), batch after batch, each
 * batch one transaction that also marks its rows: a worker that dies resumes after the last committed batch,
 * and the rows' deterministic ids make a repeated row the same row.
 */
export async function archiveImportWorkflow(input: DataImportInput): Promise<void> {
  try {
    while ((await nextArchiveRows(input)) > 0);
  } catch (error) {
    await finishArchiveImport({ ...input, failure: reasonOf(error) });
    throw error;
  }
  await finishArchiveImport(input);
}
