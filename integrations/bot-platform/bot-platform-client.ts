import type { BotPlatform } from '../../domain/bot-platforms';
import { ManyChatClient, type CustomFieldValue } from '../manychat/client';
import { audioMessage, fileMessage, imageMessage, textMessage } from '../manychat/content';
import { UChatClient } from '../uchat/client';

export type MediaKind = 'image' | 'audio' | 'document' | 'video';

/** What Astor does with an outside bot builder, whichever one the agency connected. */
export interface BotPlatformClient {
  readonly platform: BotPlatform;
  sendText(contactId: string, text: string): Promise<void>;
  /** Media the platform fetches from a public URL. */
  sendMedia(contactId: string, kind: MediaKind, url: string): Promise<void>;
  sendFlow(contactId: string, flow: string): Promise<void>;
  addTag(contactId: string, tag: string): Promise<void>;
  removeTag(contactId: string, tag: string): Promise<void>;
  setField(contactId: string, name: string, value: CustomFieldValue): Promise<void>;
  /** A cheap authenticated read that proves the key works, summarised for "Probar conexión". */
  probe(): Promise<Record<string, string | number>>;
}

export interface BotPlatformUrls {
  manyChatUrl: string;
  uchatUrl: string;
}

const TIMEOUT_MS = 15_000;

function manyChat(urls: BotPlatformUrls, apiKey: string): BotPlatformClient {
  const client = new ManyChatClient({ baseUrl: urls.manyChatUrl, apiKey, timeoutMs: TIMEOUT_MS });
  const media = { image: imageMessage, audio: audioMessage, document: fileMessage, video: fileMessage };
  return {
    platform: 'MANYCHAT',
    sendText: (contactId, text) => client.sendContent(contactId, [textMessage(text)]),
    sendMedia: (contactId, kind, url) => client.sendContent(contactId, [media[kind](url)]),
    sendFlow: (contactId, flow) => client.sendFlow(contactId, flow),
    addTag: (contactId, tag) => client.addTag(contactId, tag),
    removeTag: (contactId, tag) => client.removeTag(contactId, tag),
    setField: (contactId, name, value) => client.setCustomField(contactId, name, value),
    probe: async () => {
      const page = await client.getPageInfo();
      return { account: page.name };
    },
  };
}

/** UChat's documented subscriber API sends text only: media goes out as its link. */
function uchat(urls: BotPlatformUrls, token: string): BotPlatformClient {
  const client = new UChatClient({ baseUrl: urls.uchatUrl, token, timeoutMs: TIMEOUT_MS });
  return {
    platform: 'UCHAT',
    sendText: (contactId, text) => client.sendText(contactId, text),
    sendMedia: (contactId, _kind, url) => client.sendText(contactId, url),
    sendFlow: (contactId, flow) => client.sendSubFlow(contactId, flow),
    addTag: (contactId, tag) => client.addTag(contactId, tag),
    removeTag: (contactId, tag) => client.removeTag(contactId, tag),
    setField: (contactId, name, value) => client.setUserField(contactId, name, value),
    probe: async () => {
      const bot = await client.getBotInfo();
      return { contacts: bot.totalUsers };
    },
  };
}

export function botPlatformClient(platform: BotPlatform, urls: BotPlatformUrls, apiKey: string): BotPlatformClient {
  return platform === 'MANYCHAT' ? manyChat(urls, apiKey) : uchat(urls, apiKey);
}
