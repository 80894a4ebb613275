import type { Channel } from '../prisma/generated/enums';
import type { InboundRef } from './conversation.contract';

export type ConversationMode = 'bot' | 'queued' | 'agent';

/** What a conversation workflow carries across continue-as-new. */
export interface ConversationState {
  tenantId: string;
  channel: Channel;
  conversationId?: string;
  leadId?: string;
  mode: ConversationMode;
  assigneeId: string | null;
  /** Epoch ms of the contact's last message (the 24-hour window) and of any activity (inactivity close). */
  lastInboundAt?: number;
  lastActivityAt: number;
  /** Epoch ms of the first inbound message still waiting for a human. */
  waitingSince?: number;
  botUnanswered: number;
  inboundCount: number;
  slaBreaches: number;
  /** Recently seen provider ids: duplicates inside one run are dropped before any activity runs. */
  recentMessageIds: string[];
  /** Inbound messages signalled but not taken up yet (carried over continue-as-new). */
  pending: InboundRef[];
}

export const RECENT_IDS_KEPT = 500;

export function initialState(input: Pick<ConversationState, 'tenantId' | 'channel'>, now: number): ConversationState {
  return { tenantId: input.tenantId, channel: input.channel, mode: 'bot', assigneeId: null, lastActivityAt: now, botUnanswered: 0, inboundCount: 0, slaBreaches: 0, recentMessageIds: [], pending: [] };
}

export function rememberMessageId(state: ConversationState, id: string): boolean {
  if (state.recentMessageIds.includes(id)) return false;
  state.recentMessageIds.push(id);
  if (state.recentMessageIds.length > RECENT_IDS_KEPT) state.recentMessageIds.splice(0, state.recentMessageIds.length - RECENT_IDS_KEPT);
  return true;
}

/** The view a query returns to the API and the inbox. */
export function publicView(state: ConversationState) {
  const { recentMessageIds: _ids, pending, ...view } = state;
  return { ...view, pendingInbound: pending.length };
}
