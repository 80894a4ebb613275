import type { Client } from '@temporalio/client';

/** Every payload of a value (a workflow history, say) decoded to text, so a test can look for what it must not carry. */
export function payloadText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(payloadText).join(' ');
  if (value && typeof value === 'object') return Object.values(value).map(payloadText).join(' ');
  return typeof value === 'string' ? value : '';
}

/** The decoded payloads of one workflow's whole history. */
export async function historyText(temporal: Client, workflowId: string): Promise<string> {
  return payloadText(await temporal.workflow.getHandle(workflowId).fetchHistory());
}
