import type { IntegrationProvider } from '../prisma/generated/client';
import type { MessagingChannel } from './channel';
import type { IntegrationOutcomes } from './integration-outcomes';
import { ProviderError } from './provider-error';

/** The agency's channel, reporting each call's outcome to the integration's health (its fallback too). */
export function observedChannel(channel: MessagingChannel, tenantId: string, outcomes: IntegrationOutcomes): MessagingChannel {
  const name = channel.channel;
  if (name === 'WEB') return channel; // receives only: no calls to observe
  const provider: IntegrationProvider = name;
  async function watch<T>(call: () => Promise<T>): Promise<T> {
    try {
      const answer = await call();
      await outcomes.succeeded(tenantId, provider);
      return answer;
    } catch (error) {
      if (error instanceof ProviderError) await outcomes.failed(tenantId, provider, error);
      throw error;
    }
  }
  const { downloadMedia } = channel;
  return {
    channel: channel.channel,
    ...(channel.fallback ? { fallback: observedChannel(channel.fallback, tenantId, outcomes) } : {}),
    send: (to, content, options) => watch(() => channel.send(to, content, options)),
    uploadMedia: (bytes, mimeType, filename) => watch(() => channel.uploadMedia(bytes, mimeType, filename)),
    ...(downloadMedia ? { downloadMedia: (mediaId: string) => watch(() => downloadMedia.call(channel, mediaId)) } : {}),
  };
}
