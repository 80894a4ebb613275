import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';

/**
 * Starts a workflow whose id is derived from a business key; a workflow already running under that
 * id is the same request arriving again, so it counts as started.
 */
export async function startOnce(temporal: Client, workflowType: string, options: WorkflowStartOptions): Promise<void> {
  try {
    await temporal.workflow.start(workflowType, options);
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
