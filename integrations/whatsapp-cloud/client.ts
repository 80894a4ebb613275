import type { OutboundContent } from '../../domain/messaging';
import { toWhatsAppRecipient } from '../../domain/phone';
import { ProviderError } from '../provider-error';
import { providerFetch, type TransportFailure } from '../provider-http';
import { PROVIDER, providerErrorFromGraph, type GraphErrorBody } from './graph-errors';
import {
  PHONE_NUMBER_FIELDS,
  type GraphInteractive,
  type GraphLocation,
  type GraphMediaKind,
  type GraphMediaObject,
  type GraphMediaSource,
  type GraphMessageContent,
  type GraphPhoneNumber,
  type GraphSendRequest,
  type GraphSendResponse,
  type GraphTemplateComponent,
} from './graph-messages';
import { TEMPLATE_FIELDS, type GraphMessageTemplate, type GraphTemplateCreateRequest, type GraphTemplateCreateResponse, type GraphTemplatePage } from './graph-templates';

export interface WhatsAppCloudClientOptions {
  /** Graph's origin, e.g. `https://graph.facebook.com` (the fake's `baseUrl` in tests). */
  baseUrl: string;
  /** e.g. `v21.0` */
  apiVersion: string;
  accessToken: string;
  phoneNumberId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface SendOptions {
  /** Comes back as `biz_opaque_callback_data` on every status of the message. */
  callbackData?: string;
}

export interface SendResult {
  providerMessageId: string;
  waId?: string;
}

export interface TemplateInput {
  name: string;
  languageCode: string;
  components?: GraphTemplateComponent[];
}

export type MediaInput = GraphMediaSource & { kind: GraphMediaKind; caption?: string; filename?: string };

const DEFAULT_TIMEOUT_MS = 15_000;
const MEDIA_TIMEOUT_MS = 60_000;
/** WhatsApp's largest media (documents) is 100 MB. */
const MAX_MEDIA_BYTES = 100_000_000;
/** A safety stop for cursor paging: 100 pages of 100 is far more templates than Meta allows a business. */
const MAX_TEMPLATE_PAGES = 100;

/** A thin typed client of the WhatsApp Business Cloud API for one phone number. Throws ProviderError. */
export class WhatsAppCloudClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: WhatsAppCloudClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  sendText(to: string, body: string, options: SendOptions & { previewUrl?: boolean } = {}): Promise<SendResult> {
    return this.sendMessage(to, { type: 'text', text: { body, preview_url: options.previewUrl ?? false } }, options);
  }

  sendTemplate(to: string, template: TemplateInput, options: SendOptions = {}): Promise<SendResult> {
    const components = template.components?.length ? { components: template.components } : {};
    return this.sendMessage(to, { type: 'template', template: { name: template.name, language: { code: template.languageCode }, ...components } }, options);
  }

  sendMedia(to: string, media: MediaInput, options: SendOptions = {}): Promise<SendResult> {
    const { kind, caption, filename, ...source } = media;
    const object = { ...source, ...(caption && kind !== 'audio' ? { caption } : {}), ...(filename && kind === 'document' ? { filename } : {}) } as GraphMediaObject;
    return this.sendMessage(to, { type: kind, [kind]: object } as GraphMessageContent, options);
  }

  sendInteractive(to: string, interactive: GraphInteractive, options: SendOptions = {}): Promise<SendResult> {
    return this.sendMessage(to, { type: 'interactive', interactive }, options);
  }

  sendLocation(to: string, location: GraphLocation, options: SendOptions = {}): Promise<SendResult> {
    return this.sendMessage(to, { type: 'location', location }, options);
  }

  /** Astor's channel-neutral content in Graph's shape. */
  async send(to: string, content: OutboundContent, callbackData?: string): Promise<SendResult> {
    const options = { callbackData };
    switch (content.kind) {
      case 'text':
        return this.sendText(to, content.body, { ...options, previewUrl: content.previewUrl });
      case 'template': {
        const components: GraphTemplateComponent[] = [
          ...(content.headerParameters?.length ? [{ type: 'header' as const, parameters: content.headerParameters }] : []),
          ...(content.bodyParameters?.length ? [{ type: 'body' as const, parameters: content.bodyParameters.map((text) => ({ type: 'text' as const, text })) }] : []),
        ];
        return this.sendTemplate(to, { name: content.name, languageCode: content.language, components }, options);
      }
      case 'media': {
        const source: GraphMediaSource | undefined = content.mediaId ? { id: content.mediaId } : content.link ? { link: content.link } : undefined;
        if (!source) throw new ProviderError(PROVIDER, 'invalid_request', 'A media message needs a media id or a link');
        return this.sendMedia(to, { kind: content.mediaKind, ...source, caption: content.caption, filename: content.filename }, options);
      }
      case 'buttons':
        return this.sendInteractive(to, { type: 'button', body: { text: content.body }, action: { buttons: content.buttons.map((reply) => ({ type: 'reply', reply })) } }, options);
    }
  }

  async uploadMedia(bytes: Uint8Array, mimeType: string, filename: string): Promise<{ id: string }> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', mimeType);
    form.set('file', new Blob([bytes], { type: mimeType }), filename);
    return this.request<{ id: string }>('POST', `/${encodeURIComponent(this.options.phoneNumberId)}/media`, form);
  }

  /** Media a contact sent: Graph names a short-lived download URL, fetched with the same token. */
  async downloadMedia(mediaId: string): Promise<{ bytes: Uint8Array; mimeType: string }> {
    const media = await this.request<{ url?: string; mime_type?: string; file_size?: number }>('GET', `/${encodeURIComponent(mediaId)}`);
    if (!media.url) throw new ProviderError(PROVIDER, 'invalid_request', `Graph named no download URL for media ${mediaId}`);
    if ((media.file_size ?? 0) > MAX_MEDIA_BYTES) throw new ProviderError(PROVIDER, 'invalid_request', `Media ${mediaId} is larger than ${MAX_MEDIA_BYTES / 1_000_000} MB`);
    return providerFetch(
      media.url,
      { method: 'GET', headers: { Authorization: `Bearer ${this.options.accessToken}` } },
      {
        provider: PROVIDER,
        timeoutMs: MEDIA_TIMEOUT_MS,
        fetch: this.fetch,
        onFailure: graphUnreachable,
        read: (response, body) => {
          if (!response.ok) throw providerErrorFromGraph(response.status, parseJson(Buffer.from(body).toString('utf8')) as GraphErrorBody, response.headers.get('retry-after'));
          return { bytes: new Uint8Array(body), mimeType: media.mime_type ?? response.headers.get('content-type') ?? 'application/octet-stream' };
        },
      },
    );
  }

  /** A cheap authenticated read: proves the token and the number id work together, and tells the number's quality and its portfolio's messaging limit. */
  getPhoneNumber(): Promise<GraphPhoneNumber> {
    return this.request('GET', `/${encodeURIComponent(this.options.phoneNumberId)}?fields=${PHONE_NUMBER_FIELDS.join(',')}`);
  }

  /** One page of the business account's templates (Meta pages with opaque `after` cursors). */
  listTemplates(businessAccountId: string, page: { limit?: number; after?: string } = {}): Promise<GraphTemplatePage> {
    const query = new URLSearchParams({ fields: TEMPLATE_FIELDS.join(','), limit: String(page.limit ?? 100), ...(page.after ? { after: page.after } : {}) });
    return this.request('GET', `/${encodeURIComponent(businessAccountId)}/message_templates?${query}`);
  }

  /** Every template of the business account, following the cursors while Graph says there is a next page. */
  async listAllTemplates(businessAccountId: string): Promise<GraphMessageTemplate[]> {
    const templates: GraphMessageTemplate[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < MAX_TEMPLATE_PAGES; pages += 1) {
      const page = await this.listTemplates(businessAccountId, { after });
      templates.push(...page.data);
      after = page.paging?.cursors?.after;
      if (!page.paging?.next || !after) return templates;
    }
    throw new ProviderError(PROVIDER, 'invalid_request', `The business account lists more than ${MAX_TEMPLATE_PAGES} pages of templates`);
  }

  /** Submits a template for Meta's review; it starts PENDING (some UTILITY ones are approved at once). */
  createTemplate(businessAccountId: string, template: GraphTemplateCreateRequest): Promise<GraphTemplateCreateResponse> {
    return this.request('POST', `/${encodeURIComponent(businessAccountId)}/message_templates`, JSON.stringify(template));
  }

  /** Deletes one language of a template (`hsm_id`) or, without an id, every language of the name. */
  deleteTemplate(businessAccountId: string, name: string, templateId?: string): Promise<{ success: boolean }> {
    const query = new URLSearchParams({ name, ...(templateId ? { hsm_id: templateId } : {}) });
    return this.request('DELETE', `/${encodeURIComponent(businessAccountId)}/message_templates?${query}`);
  }

  private async sendMessage(to: string, content: GraphMessageContent, options: SendOptions): Promise<SendResult> {
    const request: GraphSendRequest = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: toWhatsAppRecipient(to),
      ...(options.callbackData ? { biz_opaque_callback_data: options.callbackData } : {}),
      ...content,
    };
    const response = await this.request<GraphSendResponse>('POST', `/${encodeURIComponent(this.options.phoneNumberId)}/messages`, JSON.stringify(request));
    const id = response.messages?.[0]?.id;
    if (!id) throw new ProviderError(PROVIDER, 'temporary', 'The send was answered without a message id');
    const waId = response.contacts?.[0]?.wa_id;
    return { providerMessageId: id, ...(waId ? { waId } : {}) };
  }

  private request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: string | FormData): Promise<T> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/${this.options.apiVersion}${path}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.accessToken}` };
    if (typeof body === 'string') headers['Content-Type'] = 'application/json';
    return providerFetch(
      url,
      { method, body, headers },
      {
        provider: PROVIDER,
        timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        fetch: this.fetch,
        onFailure: graphUnreachable,
        read: (response, raw) => {
          const text = Buffer.from(raw).toString('utf8');
          // Graph does not echo tokens today; this keeps it true for any message built from its answer.
          const json = parseJson(this.options.accessToken ? text.replaceAll(this.options.accessToken, '[redacted]') : text);
          if (!response.ok) throw providerErrorFromGraph(response.status, json as GraphErrorBody, response.headers.get('retry-after'));
          return json as T;
        },
      },
    );
  }
}

function graphUnreachable(failure: TransportFailure): ProviderError {
  const reason = failure.timedOut ? 'did not answer in time' : `could not be reached${failure.code ? ` (${failure.code})` : ''}`;
  return new ProviderError(PROVIDER, 'temporary', `The Graph API ${reason}`);
}

function parseJson(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
