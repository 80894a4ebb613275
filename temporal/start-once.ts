import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

/**
 * Starts a workflow whose id is derived from a business key; a workflow already running under that
 * id is the same request arriving again, so it counts as started.
 */
export async function startOnce<W extends Workflow>(temporal: Client, workflow: W | string, options: WorkflowStartOptions<W>): Promise<void> {
  try {
    await temporal.workflow.start(workflow, options);
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
