import type { InboundMessage } from '../domain/messaging';
import type { Database } from '../prisma/client';
import type { ChannelRegistry } from '../integrations/channel-registry';
import { ProviderError } from '../integrations/provider-error';
import type { MediaStore } from '../integrations/media-store/media-store';

/** Where agents (through the API, with their session) read a stored inbound media. */
export const inboundMediaPath = (messageId: string) => `/api/messages/${messageId}/media`;

export function createInboundMediaActivities({ db, channels, inboundMedia }: { db: Database; channels: ChannelRegistry; inboundMedia: MediaStore }) {
  return {
    /**
     * Copies the photo, voice note or document a contact sent into Astor's store (Meta keeps its
     * copy for 30 days), and points the message at it. Stored once: a repeat finds it done.
     */
    async storeInboundMedia(input: { tenantId: string; messageId: string }): Promise<{ stored: boolean }> {
      const message = await db.inTenant(input.tenantId, (tx) => tx.message.findUnique({ where: { id: input.messageId }, select: { channel: true, content: true, mediaUrl: true } }));
      const media = (message?.content as Partial<InboundMessage> | undefined)?.media;
      if (!message || !media?.id) return { stored: false };
      if (message.mediaUrl) return { stored: true };
      const channel = await channels.forTenant(input.tenantId, message.channel);
      if (!channel.downloadMedia) return { stored: false };
      let downloaded: { bytes: Uint8Array; mimeType: string };
      try {
        downloaded = await channel.downloadMedia(media.id);
      } catch (error) {
        throw error instanceof ProviderError ? error.toApplicationFailure() : error;
      }
      await inboundMedia.put(input.messageId, downloaded.bytes);
      await db.inTenant(input.tenantId, (tx) => tx.message.update({ where: { id: input.messageId }, data: { mediaUrl: inboundMediaPath(input.messageId), mimeType: downloaded.mimeType } }));
      return { stored: true };
    },
  };
}

export type InboundMediaActivities = ReturnType<typeof createInboundMediaActivities>;
