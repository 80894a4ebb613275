export interface ConversationRow {
  id: string;
  contact: string;
  status: 'OPEN' | 'CLOSED';
  assigneeId: string | null;
  botActive: boolean;
  lastMessageAt: string | null;
  waitingSince: string | null;
  lead: { id: string; name: string | null; phone: string | null };
}

export interface ChatMessage {
  id: string;
  direction: 'INBOUND' | 'OUTBOUND';
  body: string | null;
  status: string;
  createdAt: string;
  errorCode: string | null;
  errorMessage: string | null;
  /** Where Astor keeps the photo, voice note or document a contact sent, once stored. */
  mediaUrl: string | null;
  mimeType: string | null;
}

export interface InboxEvent {
  type: string;
  conversationId: string;
  assigneeId: string | null;
}
