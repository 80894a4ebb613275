import type { OutboundContent } from '../../../domain/messaging';
import { ProviderError } from '../provider-error';
import { graphError, type GraphErrorBody } from './graph-errors';
import { graphMessageBody } from './message-payload';

export interface WhatsAppCloudClientOptions {
  baseUrl: string;
  apiVersion: string;
  accessToken: string;
  phoneNumberId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface GraphSendResponse {
  messaging_product: 'whatsapp';
  contacts?: { input: string; wa_id: string }[];
  messages: { id: string }[];
}

/** A thin typed client of the WhatsApp Business Cloud API for one phone number. */
export class WhatsAppCloudClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: WhatsAppCloudClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  async send(to: string, content: OutboundContent, callbackData?: string): Promise<{ providerMessageId: string; waId?: string }> {
    const response = await this.request<GraphSendResponse>('POST', `/${this.options.phoneNumberId}/messages`, JSON.stringify(graphMessageBody(to, content, callbackData)), 'application/json');
    const id = response.messages?.[0]?.id;
    if (!id) throw new ProviderError('whatsapp_cloud', 'temporary', 'The send was answered without a message id');
    return { providerMessageId: id, waId: response.contacts?.[0]?.wa_id };
  }

  async uploadMedia(bytes: Uint8Array, mimeType: string, filename: string): Promise<{ id: string }> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', mimeType);
    form.set('file', new Blob([bytes], { type: mimeType }), filename);
    return this.request<{ id: string }>('POST', `/${this.options.phoneNumberId}/media`, form);
  }

  /** A cheap authenticated read: proves the token and the number id work together. */
  getPhoneNumber(): Promise<{ id: string; display_phone_number: string; verified_name?: string; quality_rating?: string }> {
    return this.request('GET', `/${this.options.phoneNumberId}?fields=display_phone_number,verified_name,quality_rating`);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: string | FormData, contentType?: string): Promise<T> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/${this.options.apiVersion}${path}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        body,
        headers: { Authorization: `Bearer ${this.options.accessToken}`, ...(contentType ? { 'Content-Type': contentType } : {}) },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      throw new ProviderError('whatsapp_cloud', 'temporary', `The Graph API ${reason}`);
    }
    const text = await response.text();
    const json = (text ? safeJson(text) : {}) as T & GraphErrorBody;
    if (!response.ok) throw graphError(response.status, json, response.headers.get('retry-after'));
    return json;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
