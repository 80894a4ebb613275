import type { TenantTx } from './client';

export const INBOX_CHANNEL = 'astor_inbox';

/** What an agent's inbox hears about, across API instances (PostgreSQL NOTIFY, delivered on commit). */
export interface InboxEvent {
  tenantId: string;
  type: 'message.created' | 'message.status' | 'conversation.assigned' | 'conversation.updated' | 'conversation.closed' | 'conversation.escalated';
  conversationId: string;
  assigneeId: string | null;
  messageId?: string;
  status?: string;
  preview?: string;
  at: string;
}

export async function publishInboxEvent(tx: TenantTx, event: Omit<InboxEvent, 'at'>): Promise<void> {
  const payload: InboxEvent = { ...event, preview: event.preview?.slice(0, 200), at: new Date().toISOString() };
  await tx.$executeRaw`SELECT pg_notify(${INBOX_CHANNEL}, ${JSON.stringify(payload)})`;
}
