import { parseJsonOr, providerFetch, unreachable } from '../provider-http';
import { sendContentBody, type ManyChatMessage, type ManyChatMessageTag } from './content';
import { manyChatError, type ManyChatErrorBody } from './errors';

export interface ManyChatClientOptions {
  baseUrl: string;
  /** The page's API key, `<pageId>:<key>` as ManyChat shows it. */
  apiKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type CustomFieldValue = string | number | boolean | null;

export interface ManyChatSubscriber {
  id: string;
  page_id: string;
  name: string;
  first_name?: string;
  last_name?: string;
  phone?: string | null;
  whatsapp_phone?: string | null;
  email?: string | null;
  subscribed?: string;
  last_interaction?: string | null;
  tags: { id: number; name: string }[];
  custom_fields: { id: number; name: string; type: string; value: CustomFieldValue }[];
}

export interface ManyChatPage {
  id: string;
  name: string;
  category?: string;
  timezone?: string;
  is_pro?: boolean;
}

interface Envelope<T> extends ManyChatErrorBody {
  data?: T;
}

/** A thin client of ManyChat's page API (`/fb/...`), one page key per client. */
export class ManyChatClient {
  constructor(private readonly options: ManyChatClientOptions) {}

  async sendContent(subscriberId: string, messages: ManyChatMessage[], messageTag?: ManyChatMessageTag): Promise<void> {
    await this.call('POST', '/fb/sending/sendContent', sendContentBody(subscriberId, messages, messageTag));
  }

  async sendFlow(subscriberId: string, flowNs: string): Promise<void> {
    await this.call('POST', '/fb/sending/sendFlow', { subscriber_id: subscriberId, flow_ns: flowNs });
  }

  async addTag(subscriberId: string, tagName: string): Promise<void> {
    await this.call('POST', '/fb/subscriber/addTagByName', { subscriber_id: subscriberId, tag_name: tagName });
  }

  async removeTag(subscriberId: string, tagName: string): Promise<void> {
    await this.call('POST', '/fb/subscriber/removeTagByName', { subscriber_id: subscriberId, tag_name: tagName });
  }

  async setCustomField(subscriberId: string, fieldName: string, value: CustomFieldValue): Promise<void> {
    await this.call('POST', '/fb/subscriber/setCustomFieldByName', { subscriber_id: subscriberId, field_name: fieldName, field_value: value });
  }

  getSubscriber(subscriberId: string): Promise<ManyChatSubscriber> {
    return this.call('GET', `/fb/subscriber/getInfo?subscriber_id=${encodeURIComponent(subscriberId)}`);
  }

  /** The page the key belongs to; a cheap call that proves the key works. */
  getPageInfo(): Promise<ManyChatPage> {
    return this.call('GET', '/fb/page/getInfo');
  }

  private call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return providerFetch(
      `${this.options.baseUrl.replace(/\/$/, '')}${path}`,
      {
        method,
        headers: { Authorization: `Bearer ${this.options.apiKey}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      },
      {
        provider: 'manychat',
        timeoutMs: this.options.timeoutMs ?? 15_000,
        fetch: this.options.fetch,
        onFailure: unreachable('manychat', 'ManyChat'),
        read: (response, raw) => {
          const envelope = parseJsonOr<Envelope<T>>(raw, (text) => ({ message: text.slice(0, 200) }));
          if (!response.ok || envelope.status !== 'success') throw manyChatError(response.status, envelope, response.headers.get('retry-after'), this.options.apiKey);
          return envelope.data as T;
        },
      },
    );
  }
}
