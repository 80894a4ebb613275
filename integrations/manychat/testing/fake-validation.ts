import type { CustomFieldValue } from '../client';
import { MESSAGE_TAGS } from '../content';
import type { CustomFieldType } from './fake-subscribers';

const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'file']);
const MAX_MESSAGES = 10;
const MAX_TEXT = 2000;

function messageProblems(message: unknown, index: number): string[] {
  const { type, text, url } = (message ?? {}) as { type?: unknown; text?: unknown; url?: unknown };
  const at = `data.content.messages[${index}]`;
  if (type === 'text') {
    if (typeof text !== 'string' || !text.trim()) return [`${at}.text is required`];
    return text.length > MAX_TEXT ? [`${at}.text is longer than ${MAX_TEXT} characters`] : [];
  }
  if (MEDIA_TYPES.has(String(type))) return typeof url === 'string' && /^https?:\/\//.test(url) ? [] : [`${at}.url must be an http(s) URL`];
  return [`${at}.type "${String(type)}" is not supported`];
}

/** What ManyChat refuses in a sendContent request before it looks at the subscriber (limits partly unconfirmed). */
export function sendContentProblems(body: Record<string, unknown>): string[] {
  const data = (body.data ?? {}) as { version?: unknown; content?: { messages?: unknown } };
  const messages = data.content?.messages;
  const problems: string[] = [];
  if (data.version !== 'v2') problems.push('data.version must be "v2"');
  if (!Array.isArray(messages) || messages.length === 0) problems.push('data.content.messages must be a non-empty list');
  else if (messages.length > MAX_MESSAGES) problems.push(`data.content.messages holds at most ${MAX_MESSAGES} messages`);
  else problems.push(...messages.flatMap(messageProblems));
  if (body.message_tag !== undefined && !MESSAGE_TAGS.includes(body.message_tag as never)) problems.push(`message_tag "${String(body.message_tag)}" is not supported`);
  return problems;
}

export function fieldValueProblem(type: CustomFieldType, value: CustomFieldValue): string | undefined {
  if (value === null) return undefined;
  const fits = { text: typeof value === 'string', number: typeof value === 'number', boolean: typeof value === 'boolean', date: typeof value === 'string' && !Number.isNaN(Date.parse(value)), datetime: typeof value === 'string' && !Number.isNaN(Date.parse(value)) };
  return fits[type] ? undefined : `field_value does not fit a ${type} field`;
}
