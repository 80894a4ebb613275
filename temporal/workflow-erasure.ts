import { isGrpcServiceError, type Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, workflowIds } from '../domain/temporal-contracts';
import { CONVERSATION_CHANNELS } from '../domain/conversation-channels';
import type { ContactKeys } from './contact-keys';

/** gRPC's NOT_FOUND: the execution is already gone. */
const GRPC_NOT_FOUND = 5;
/** Visibility queries stay well under the server's length limit. */
const IDS_PER_QUERY = 100;

export interface ErasedWorkflows {
  tenantId: string;
  contacts: { channel: string; contact: string }[];
  phone: string | null;
  workflowIds: string[];
  entityIds: string[];
}

const quoted = (values: string[]) => values.map((value) => JSON.stringify(value)).join(', ');

function chunks<T>(values: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += IDS_PER_QUERY) result.push(values.slice(start, start + IDS_PER_QUERY));
  return result;
}

/**
 * Removes a person's workflow executions from Temporal, histories included (their inputs and
 * signals carry the phone and the texts). DeleteWorkflowExecution terminates a running execution
 * before deleting it, and an execution already gone counts as deleted, so a repeat is harmless.
 */
export function workflowErasure(temporal: Client, keys: ContactKeys) {
  const namespace = temporal.options.namespace;

  async function remove(workflowId: string, runId?: string): Promise<void> {
    try {
      await temporal.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId, ...(runId ? { runId } : {}) } });
    } catch (error) {
      if (!(isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND)) throw error;
    }
  }

  return {
    /** Every run visibility lists for the person, and the ids built from their contacts in case visibility lags behind. */
    async erase(person: ErasedWorkflows): Promise<void> {
      const contactKeys = await Promise.all([...person.contacts.map((entry) => entry.contact), ...(person.phone ? [person.phone] : [])].map((contact) => keys.of(person.tenantId, contact)));
      const known = new Set([
        ...person.workflowIds,
        ...contactKeys.flatMap((key) => [workflowIds.leadIntake(person.tenantId, key), ...Object.keys(CONVERSATION_CHANNELS).map((channel) => workflowIds.conversation(person.tenantId, channel, key))]),
      ]);
      const runs: { workflowId: string; runId?: string }[] = [];
      for (const entityIds of chunks([...new Set([...contactKeys, ...person.entityIds])])) {
        const query = `${SEARCH_ATTRIBUTES.tenantId} = ${JSON.stringify(person.tenantId)} AND ${SEARCH_ATTRIBUTES.entityId} IN (${quoted(entityIds)})`;
        for await (const execution of temporal.workflow.list({ query })) runs.push({ workflowId: execution.workflowId, runId: execution.runId });
      }
      for (const run of runs) await remove(run.workflowId, run.runId);
      for (const workflowId of known) await remove(workflowId);
    },
  };
}
