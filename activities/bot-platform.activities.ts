import { isBotPlatform, type BotPlatform, type BotPlatformConfig, type BotPlatformRouting } from '../domain/bot-platforms';
import type { SecretBox } from '../domain/secret-box';
import type { Database } from '../prisma/client';
import type { Channel } from '../prisma/generated/enums';
import { loadIntegrationConfig } from '../prisma/repositories/integration-secrets';
import { createIntegrationOutcomes } from '../integrations/integration-outcomes';
import { botPlatformClient, type BotPlatformClient, type BotPlatformUrls } from '../integrations/bot-platform/bot-platform-client';
import { ProviderError } from '../integrations/provider-error';

/** A custom field flows can read besides the tag: `agente` while a person answers, `bot` after. */
const HUMAN_FIELD = 'astor_estado';

/**
 * The platform's contact: named by the conversation, so the workflow's history does not carry it
 * (`contactId` comes only from runs started before that).
 */
type ContactOf = { conversationId: string; contactId?: never } | { contactId: string; conversationId?: never };

export function createBotPlatformActivities({ db, secrets, botPlatformUrls }: { db: Database; secrets: SecretBox; botPlatformUrls: BotPlatformUrls }) {
  const outcomes = createIntegrationOutcomes(db);
  async function withClient(tenantId: string, platform: BotPlatform, work: (client: BotPlatformClient) => Promise<void>): Promise<void> {
    const found = await db.inTenant(tenantId, (tx) => loadIntegrationConfig<BotPlatformConfig>(tx, secrets, platform));
    if (!found) return;
    try {
      await work(botPlatformClient(platform, botPlatformUrls, found.config.apiKey));
      await outcomes.succeeded(tenantId, platform);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      await outcomes.failed(tenantId, platform, error);
      throw error.toApplicationFailure();
    }
  }

  async function contactOf(tenantId: string, target: ContactOf): Promise<string> {
    if (target.contactId) return target.contactId;
    const conversation = await db.inTenant(tenantId, (tx) => tx.conversation.findUniqueOrThrow({ where: { id: target.conversationId }, select: { contact: true } }));
    return conversation.contact;
  }

  return {
    /** The conversation's outside bot, when it came through the agency's active ManyChat or UChat; never a secret. */
    async botPlatformFor({ tenantId, channel }: { tenantId: string; channel: Channel }): Promise<BotPlatformRouting | null> {
      if (!isBotPlatform(channel)) return null;
      const found = await db.inTenant(tenantId, (tx) => loadIntegrationConfig<BotPlatformConfig>(tx, secrets, channel));
      return found ? { platform: channel, handoffTag: found.config.handoffTag, resumeFlow: found.config.resumeFlow } : null;
    },

    /** A person takes over: the platform tags the contact so its flows stop answering. */
    async pauseBotPlatform({ tenantId, routing, ...target }: { tenantId: string; routing: BotPlatformRouting } & ContactOf): Promise<void> {
      const contactId = await contactOf(tenantId, target);
      await withClient(tenantId, routing.platform, async (client) => {
        await client.addTag(contactId, routing.handoffTag);
        await client.setField(contactId, HUMAN_FIELD, 'agente');
      });
    },

    /** Back to the bot: the tag comes off and the agency's resume flow, if any, greets the contact again. */
    async resumeBotPlatform({ tenantId, routing, sendFlow, ...target }: { tenantId: string; routing: BotPlatformRouting; sendFlow: boolean } & ContactOf): Promise<void> {
      const contactId = await contactOf(tenantId, target);
      await withClient(tenantId, routing.platform, async (client) => {
        await client.removeTag(contactId, routing.handoffTag);
        await client.setField(contactId, HUMAN_FIELD, 'bot');
        if (sendFlow && routing.resumeFlow) await client.sendFlow(contactId, routing.resumeFlow);
      });
    },
  };
}

export type BotPlatformActivities = ReturnType<typeof createBotPlatformActivities>;
