'use client';

import { useCallback } from 'react';
import type {
  AgentAvailability,
  CampaignStatus,
  CampaignType,
  Channel,
  ConversationStatus,
  ImportStatus,
  IntegrationProvider,
  LeadOrigin,
  LeadStage,
  MessageStatus,
  PropertyOperation,
  PropertyStatus,
  PropertyType,
  RecipientStatus,
  TemplateCategory,
  TemplateStatus,
  UserRole,
  VisitStatus,
  WhatsAppApiType,
  WhatsAppChannelStatus,
} from '../../prisma/generated/enums';
import type { PauseReason } from '../../domain/campaign-pause';
import { useI18n } from './i18n';
import { messages, type MessageKey } from './messages';

/** The prefix itself when every code of the enum has a message under it; `never` (a compile error) when one is missing. */
type Covering<Prefix extends string, Code extends string> = `${Prefix}${Code}` extends MessageKey ? Prefix : never;
const covering = <Code extends string>() => <Prefix extends string>(prefix: Covering<Prefix, Code>) => prefix;

/** Where each kind of code finds its words in messages.ts. */
const PREFIXES = {
  origin: covering<LeadOrigin>()('origin.'),
  stage: covering<LeadStage>()('stage.'),
  propertyType: covering<PropertyType>()('propertyType.'),
  operation: covering<PropertyOperation>()('operation.'),
  propertyStatus: covering<PropertyStatus>()('status.'),
  campaignStatus: covering<CampaignStatus>()('status.'),
  campaignType: covering<CampaignType>()('campaignType.'),
  messageStatus: covering<MessageStatus>()('inbox.status.'),
  recipientStatus: covering<RecipientStatus>()('recipient.status.'),
  conversationStatus: covering<ConversationStatus>()('conversation.status.'),
  visitStatus: covering<VisitStatus>()('visit.status.'),
  role: covering<UserRole>()('role.'),
  availability: covering<AgentAvailability>()('availability.'),
  channel: covering<Channel>()('channel.'),
  provider: covering<IntegrationProvider>()('health.provider.'),
  channelStatus: covering<WhatsAppChannelStatus>()('channel.status.'),
  channelType: covering<WhatsAppApiType>()('settings.channelType.'),
  templateStatus: covering<TemplateStatus>()('templates.status.'),
  templateCategory: covering<TemplateCategory>()('templates.category.'),
  importStatus: covering<ImportStatus>()('imports.status.'),
  leadEvent: 'leadEvent.',
  matchReason: 'matchReason.',
  skipReason: 'skipReason.',
  pauseReason: covering<PauseReason>()('pauseReason.'),
  /** What an admin does about a pause Meta's side caused. */
  pauseAdvice: covering<PauseReason>()('pauseAdvice.'),
} as const;

export type LabelKind = keyof typeof PREFIXES;

/** Open-ended kinds (new event types appear with new features) read as a generic word rather than a code. */
const FALLBACKS: Partial<Record<LabelKind, MessageKey>> = { leadEvent: 'leadEvent.other' };

const isMessageKey = (key: string): key is MessageKey => key in messages.es;

/**
 * The message key for a code, or undefined when there is none. A code may carry a detail after a
 * colon (`missing_variable:name`): the key is looked up without it and the detail fills `{detail}`.
 */
export function labelKey(kind: LabelKind, code: string): { key: MessageKey; detail: string } | undefined {
  const colon = code.indexOf(':');
  const [base, detail] = colon < 0 ? [code, ''] : [code.slice(0, colon), code.slice(colon + 1)];
  const key = `${PREFIXES[kind]}${base}`;
  if (isMessageKey(key)) return { key, detail };
  const fallback = FALLBACKS[kind];
  return fallback ? { key: fallback, detail } : undefined;
}

/**
 * `label(kind, code)`: the words a person reads for a code the API sends, in the page's language;
 * for a code without words, the API's own description when it gave one, else the code.
 */
export function useLabel(): (kind: LabelKind, code: string | null | undefined, description?: string | null) => string {
  const { t } = useI18n();
  return useCallback(
    (kind: LabelKind, code: string | null | undefined, description?: string | null) => {
      if (!code) return description ?? '—';
      const found = labelKey(kind, code);
      return found ? t(found.key, { detail: found.detail }) : (description ?? code);
    },
    [t],
  );
}
