import { parseJsonOr, providerFetch, unreachable } from '../provider-http';
import { toWire, UCHAT_ENDPOINTS, type BotUsersCount, type Endpoint, type UChatEnvelope, type UChatSubscriber, type UserFieldValue } from './endpoints';
import { uchatError } from './errors';

export interface UChatClientOptions {
  /** `https://www.uchat.com.au/api`, or a white-label partner's `https://<domain>/api`. */
  baseUrl: string;
  /** The workspace's API token. */
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** A thin client of UChat's workspace API; the wire details live in `endpoints.ts`. */
export class UChatClient {
  constructor(private readonly options: UChatClientOptions) {}

  async sendText(userNs: string, text: string): Promise<void> {
    await this.call(UCHAT_ENDPOINTS.sendText, { userNs, text });
  }

  async sendSubFlow(userNs: string, subFlowNs: string): Promise<void> {
    await this.call(UCHAT_ENDPOINTS.sendSubFlow, { userNs, subFlowNs });
  }

  async addTag(userNs: string, tagName: string): Promise<void> {
    await this.call(UCHAT_ENDPOINTS.addTag, { userNs, tagName });
  }

  async removeTag(userNs: string, tagName: string): Promise<void> {
    await this.call(UCHAT_ENDPOINTS.removeTag, { userNs, tagName });
  }

  async setUserField(userNs: string, fieldName: string, value: UserFieldValue): Promise<void> {
    await this.call(UCHAT_ENDPOINTS.setUserField, { userNs, fieldName, value });
  }

  getSubscriber(userNs: string): Promise<UChatSubscriber> {
    return this.call(UCHAT_ENDPOINTS.getSubscriber, { userNs });
  }

  /** How many contacts the bot has; a cheap call that proves the token works. */
  async getBotInfo(): Promise<{ totalUsers: number; usersByStatus: Record<string, number> }> {
    const counts = await this.call<Record<string, never>, BotUsersCount>(UCHAT_ENDPOINTS.botUsersCount, {});
    return { totalUsers: counts.reduce((sum, { num }) => sum + num, 0), usersByStatus: Object.fromEntries(counts.map(({ status, num }) => [status, num])) };
  }

  private call<Args extends object, T>(endpoint: Endpoint<Args>, args: Args): Promise<T> {
    const fields = toWire(endpoint, args);
    const inQuery = endpoint.method === 'GET';
    const query = inQuery && Object.keys(fields).length ? `?${new URLSearchParams(fields as Record<string, string>).toString()}` : '';
    return providerFetch(
      `${this.options.baseUrl.replace(/\/$/, '')}${endpoint.path}${query}`,
      {
        method: endpoint.method,
        headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json', ...(inQuery ? {} : { 'Content-Type': 'application/json' }) },
        body: inQuery ? undefined : JSON.stringify(fields),
      },
      {
        provider: 'uchat',
        timeoutMs: this.options.timeoutMs ?? 15_000,
        fetch: this.options.fetch,
        onFailure: unreachable('uchat', 'UChat'),
        read: (response, raw) => {
          const envelope = parseJsonOr<UChatEnvelope<T>>(raw, (text) => ({ message: text.slice(0, 200) }));
          if (!response.ok || envelope.status !== 'ok') throw uchatError(response.status, envelope, response.headers.get('retry-after'), this.options.token);
          return envelope.data as T;
        },
      },
    );
  }
}
