import type { Client } from '@temporalio/client';
import type { SecretBox } from '../domain/secret-box';
import type { Database } from '../prisma/client';
import type { ChannelRegistry } from '../integrations/channel-registry';
import type { WhatsAppCloudSettings } from '../integrations/whatsapp-cloud/whatsapp-cloud.channel';
import type { BotPlatformUrls } from '../integrations/bot-platform/bot-platform-client';
import { createBotPlatformActivities } from './bot-platform.activities';
import { createCampaignActivities } from './campaign.activities';
import { createCampaignRunActivities } from './campaign-run.activities';
import { createDataImportActivities } from './data-import.activities';
import { createArchiveImportActivities } from './archive-import.activities';
import { createUploadedFileActivities } from './uploaded-file.activities';
import { createInboundActivities } from './inbound.activities';
import { createLeadIntakeActivities } from './lead-intake.activities';
import { createInboundMediaActivities } from './inbound-media.activities';
import { createMessagingActivities } from './messaging.activities';
import { createMetaLeadActivities } from './meta-lead.activities';
import { createPropertyAlertActivities } from './property-alert.activities';
import { createPropertyCardActivities } from './property-card.activities';
import { createRoutingActivities } from './routing.activities';
import { createSystemActivities } from './system.activities';
import { createTemplateSyncActivities } from './template-sync.activities';
import { createVisitActivities } from './visit.activities';
import { createVoiceActivities } from './voice.activities';
import type { MediaStore } from '../integrations/media-store/media-store';

export interface ActivityDependencies {
  db: Database;
  /** For activities that start or signal other workflows. */
  temporal: Client;
  taskQueue: string;
  channels: ChannelRegistry;
  /** Graph's address for calls that are not sends (the template registry). */
  whatsappGraph: WhatsAppCloudSettings;
  secrets: SecretBox;
  elevenLabsUrl: string;
  botPlatformUrls: BotPlatformUrls;
  audioStore: MediaStore;
  /** Media contacts sent (photos, voice notes, documents). */
  inboundMedia: MediaStore;
  /** The rolling window of Meta's messaging limit (AppConfig.messagingLimit). */
  messagingLimit: { windowMs: number };
}

export function createActivities(deps: ActivityDependencies) {
  return {
    ...createSystemActivities(deps),
    ...createInboundActivities(deps),
    ...createInboundMediaActivities(deps),
    ...createRoutingActivities(deps),
    ...createBotPlatformActivities(deps),
    ...createMessagingActivities(deps),
    ...createLeadIntakeActivities(deps),
    ...createMetaLeadActivities(deps),
    ...createVoiceActivities(deps),
    ...createCampaignActivities(deps),
    ...createCampaignRunActivities(deps),
    ...createVisitActivities(deps),
    ...createPropertyAlertActivities(deps),
    ...createPropertyCardActivities(deps),
    ...createTemplateSyncActivities(deps),
    ...createDataImportActivities(deps),
    ...createArchiveImportActivities(deps),
    ...createUploadedFileActivities(deps),
  };
}
