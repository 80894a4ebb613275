import type { Channel } from '../prisma/generated/enums';

/** How a conversation on a channel is answered; the conversation workflow reads this table instead of testing channel names. */
export interface ConversationChannelRules {
  /** Replies go out on the WhatsApp channel the agency chose in Settings (and its fallback), not only where the contact wrote. */
  repliesFollowAgencyWhatsApp: boolean;
  /** The agency's bot builder (ManyChat, UChat) answers until a person takes over. */
  answeredByBotPlatform: boolean;
}

/** One line per channel: a new Prisma enum value does not compile until it says how its conversations are answered. */
export const CONVERSATION_CHANNELS: Record<Channel, ConversationChannelRules> = {
  WHATSAPP_CLOUD: { repliesFollowAgencyWhatsApp: true, answeredByBotPlatform: false },
  WHATSAPP_WEB: { repliesFollowAgencyWhatsApp: false, answeredByBotPlatform: false },
  MANYCHAT: { repliesFollowAgencyWhatsApp: false, answeredByBotPlatform: true },
  UCHAT: { repliesFollowAgencyWhatsApp: false, answeredByBotPlatform: true },
  // Landing-page forms start no conversation.
  WEB: { repliesFollowAgencyWhatsApp: false, answeredByBotPlatform: false },
};
