import { parseJsonOr, providerFetch, unreachable } from '../provider-http';
import { providerErrorFromGraph, type GraphErrorBody } from '../whatsapp-cloud/graph-errors';

const PROVIDER = 'meta_leads';

/** What an agency stores (encrypted) to read its lead-ads submissions from Graph. */
export interface MetaLeadsConfig {
  accessToken: string;
}

export interface MetaLeadsClientOptions {
  /** Graph's origin, e.g. `https://graph.facebook.com`. */
  baseUrl: string;
  apiVersion: string;
  /** A page (or system-user) token with the leads_retrieval permission. */
  accessToken: string;
  timeoutMs?: number;
}

/** A lead-ads form submission as Graph answers `GET /{leadgen_id}`. */
export interface MetaLead {
  id: string;
  created_time: string;
  form_id?: string;
  ad_id?: string;
  campaign_id?: string;
  field_data: { name: string; values: string[] }[];
}

export interface MetaPage {
  id: string;
  name: string;
}

/** Reads lead-ads submissions and pages from Graph. Throws ProviderError. */
export class MetaLeadsClient {
  constructor(private readonly options: MetaLeadsClientOptions) {}

  getLead(leadgenId: string): Promise<MetaLead> {
    return this.get(`/${encodeURIComponent(leadgenId)}?fields=id,created_time,form_id,ad_id,campaign_id,field_data`);
  }

  /** A cheap call that proves the token can see the page. */
  getPage(pageId: string): Promise<MetaPage> {
    return this.get(`/${encodeURIComponent(pageId)}?fields=id,name`);
  }

  private async get<T>(path: string): Promise<T> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/${this.options.apiVersion}${path}`;
    return providerFetch(
      url,
      { method: 'GET', headers: { Authorization: `Bearer ${this.options.accessToken}`, Accept: 'application/json' } },
      {
        provider: PROVIDER,
        timeoutMs: this.options.timeoutMs ?? 15_000,
        onFailure: unreachable(PROVIDER, 'Meta'),
        read: (response, body) => {
          const json = parseJsonOr<T & GraphErrorBody>(body, (text) => ({ error: { message: text.slice(0, 200) } }) as T & GraphErrorBody);
          if (!response.ok) throw providerErrorFromGraph(response.status, json, response.headers.get('retry-after'), PROVIDER);
          return json;
        },
      },
    );
  }
}
