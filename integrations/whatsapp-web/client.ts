import { parseJsonOr, providerFetch, unreachable } from '../provider-http';
import { bridgeError, type BridgeErrorBody, type BridgeQr, type BridgeSendRequest, type BridgeSendResponse, type BridgeSession, PROVIDER } from './bridge-api';

export interface WhatsAppWebClientOptions {
  baseUrl: string;
  apiKey: string;
  /** The tenant's session on the bridge. */
  session: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** A thin typed client of the WhatsApp Web bridge (see bridge-api.ts) for one session. Throws ProviderError. */
export class WhatsAppWebClient {
  constructor(private readonly options: WhatsAppWebClientOptions) {}

  /** Starts (or resumes) the session; the bridge reports its events to `webhook.url`, signed with `webhook.secret`. */
  start(webhook: { url: string; secret: string }): Promise<BridgeSession> {
    return this.request('POST', '/start', JSON.stringify({ webhook }));
  }

  status(): Promise<BridgeSession> {
    return this.request('GET', '');
  }

  qr(): Promise<BridgeQr> {
    return this.request('GET', '/qr');
  }

  logout(): Promise<BridgeSession> {
    return this.request('POST', '/logout');
  }

  uploadMedia(bytes: Uint8Array, mimeType: string, filename: string): Promise<{ mediaId: string }> {
    return this.request('POST', '/media', bytes, { 'Content-Type': mimeType, 'X-Filename': encodeURIComponent(filename) });
  }

  send(message: BridgeSendRequest): Promise<BridgeSendResponse> {
    return this.request('POST', '/messages', JSON.stringify(message));
  }

  /** Media a contact sent, by the id its inbound message carries. */
  async downloadMedia(mediaId: string): Promise<{ bytes: Uint8Array; mimeType: string }> {
    const { response, raw } = await this.call('GET', `/media/${encodeURIComponent(mediaId)}`);
    return { bytes: new Uint8Array(raw), mimeType: response.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream' };
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: string | Uint8Array, headers: Record<string, string> = {}): Promise<T> {
    return parseJsonOr<unknown>((await this.call(method, path, body, headers)).raw, () => ({})) as T;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: string | Uint8Array, headers: Record<string, string> = {}) {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/api/sessions/${encodeURIComponent(this.options.session)}${path}`;
    const json: Record<string, string> = typeof body === 'string' ? { 'Content-Type': 'application/json' } : {};
    return providerFetch(
      url,
      { method, body, headers: { 'X-Api-Key': this.options.apiKey, ...json, ...headers } },
      {
        provider: PROVIDER,
        timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        fetch: this.options.fetch,
        onFailure: unreachable(PROVIDER, 'The WhatsApp Web bridge'),
        read: (response, raw) => {
          if (!response.ok) throw bridgeError(response.status, parseJsonOr<unknown>(raw, () => ({})) as BridgeErrorBody, response.headers.get('retry-after'), this.options.apiKey);
          return { response, raw };
        },
      },
    );
  }
}
