import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_TYPES } from '../domain/temporal-contracts';

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

function alreadyExists(error: unknown): boolean {
  return error instanceof Error && /already (exists|registered)/i.test(error.message);
}

/**
 * The namespace with Astor's search attributes on a server started without them (the dev server
 * takes them as flags): registered once, and idempotent on a restart.
 */
export async function ensureNamespace(address: string, namespace: string, retention = '7 days'): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retention) }).catch((error: unknown) => {
      if (!alreadyExists(error)) throw error;
    });
    const searchAttributes = Object.fromEntries(Object.keys(SEARCH_ATTRIBUTE_TYPES).map((name) => [name, KEYWORD]));
    // The frontend learns of a new namespace on its next cache refresh.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
        return;
      } catch (error) {
        if (alreadyExists(error)) return;
        if (attempt >= 60) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await connection.close();
  }
}
