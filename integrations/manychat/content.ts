/**
 * ManyChat's v2 dynamic-block content (https://manychat.github.io/dynamic_block_docs/) as Astor
 * sends it: text, and media that ManyChat fetches from a public URL.
 */
export type ManyChatMessage = { type: 'text'; text: string } | { type: 'image' | 'audio' | 'file'; url: string };

/** Tags that let a message go out after Messenger's 24-hour window closes. */
export const MESSAGE_TAGS = ['ACCOUNT_UPDATE', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'HUMAN_AGENT'] as const;
export type ManyChatMessageTag = (typeof MESSAGE_TAGS)[number];

export const textMessage = (text: string): ManyChatMessage => ({ type: 'text', text });
export const imageMessage = (url: string): ManyChatMessage => ({ type: 'image', url });
export const audioMessage = (url: string): ManyChatMessage => ({ type: 'audio', url });
export const fileMessage = (url: string): ManyChatMessage => ({ type: 'file', url });

export interface SendContentBody {
  subscriber_id: string;
  data: { version: 'v2'; content: { messages: ManyChatMessage[] } };
  message_tag?: ManyChatMessageTag;
}

export function sendContentBody(subscriberId: string, messages: ManyChatMessage[], messageTag?: ManyChatMessageTag): SendContentBody {
  return { subscriber_id: subscriberId, data: { version: 'v2', content: { messages } }, ...(messageTag ? { message_tag: messageTag } : {}) };
}
