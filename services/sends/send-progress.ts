import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { AppError } from '../../domain/app-error';
import { SEARCH_ATTRIBUTES } from '../../domain/temporal-contracts';
import { sendProgressQuery, type SendProgress } from '../../workflows/send-progress';

const sendNotFound = () => new AppError('not_found', 'No such send for this lead', { es: 'No hay un envío así para este lead' });

/**
 * Where a voice note or property card asked for on a lead stands, from its workflow (whose id names the
 * agency, so another agency's send is never found). A send of another lead of the agency is not found either.
 */
export async function readSendProgress(temporal: Client, workflowId: string, leadId: string): Promise<SendProgress> {
  const handle = temporal.workflow.getHandle(workflowId);
  try {
    const { searchAttributes } = await handle.describe();
    const leads: readonly unknown[] = searchAttributes[SEARCH_ATTRIBUTES.entityId] ?? [];
    if (!leads.includes(leadId)) throw sendNotFound();
    return await handle.query(sendProgressQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw sendNotFound();
    // Started by a version that did not answer the query yet: its outcome is on the lead's timeline.
    if (error instanceof QueryNotRegisteredError) throw new AppError('conflict', 'This send cannot be followed here: see the lead’s timeline', { es: 'Este envío no se puede seguir acá: mirá la historia del lead' });
    throw error;
  }
}
