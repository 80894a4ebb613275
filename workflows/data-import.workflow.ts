import { proxyActivities } from '@temporalio/workflow';
import type { DataImportActivities } from '../activities/data-import.activities';
import type { DataImportInput } from './data-import.contract';
import { durable } from './retry-policies';

const { beginImportPhase, finishImportPhase } = proxyActivities<DataImportActivities>({ startToCloseTimeout: '1 minute', retry: durable });
/** A batch heartbeats row by row: a worker that dies mid-batch is noticed within seconds, and the batch runs again elsewhere. */
const { importNextRows } = proxyActivities<DataImportActivities>({ startToCloseTimeout: '2 minutes', heartbeatTimeout: '10 seconds', retry: durable });

/** An activity's failure carries the real reason as its cause. */
const reasonOf = (error: unknown) => (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));

/**
 * Applies an import's rows (or undoes them) batch after batch, each batch one transaction that also marks its rows:
 * a worker that dies mid-import resumes where the last committed batch ended, and no row takes effect twice.
 */
export async function dataImportWorkflow(input: DataImportInput): Promise<void> {
  await beginImportPhase(input);
  try {
    while ((await importNextRows(input)) > 0);
  } catch (error) {
    await finishImportPhase({ ...input, failure: reasonOf(error) });
    throw error;
  }
  await finishImportPhase(input);
}
