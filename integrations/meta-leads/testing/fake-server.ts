import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { graphErrorBody, type GraphFailure } from '../../whatsapp-cloud/testing/fake-validation';
import { signWebhookBody } from '../../whatsapp-cloud/webhook-signature';
import type { MetaLead } from '../client';

export interface FakeLeadPage {
  pageId: string;
  name: string;
  /** Tokens that may read this page and its leads (a page or system-user token with leads_retrieval). */
  tokens: string[];
}

export interface FakeLeadSubmission {
  leadgenId: string;
  pageId: string;
  formId: string;
  adId?: string;
  fields: Record<string, string>;
}

/**
 * A loopback slice of Graph for lead ads: `GET /{version}/{page-id}` and `GET /{version}/{leadgen-id}`
 * with bearer tokens and Graph's error bodies (190 bad token, 100 unknown object, 10 no permission),
 * and the signed `leadgen` webhook Meta posts to the app's callback URL.
 */
export async function startFakeMetaLeads(options: { pages: FakeLeadPage[]; appSecret: string }) {
  const pages = new Map(options.pages.map((page) => [page.pageId, page]));
  const leads = new Map<string, FakeLeadSubmission & { createdTime: Date }>();
  const reads: string[] = [];
  const failures: GraphFailure[] = [];
  const fail = (res: Response, failure: GraphFailure) => res.status(failure.httpStatus).json(graphErrorBody(failure));

  const app = express();
  app.get('/:version/:id', (req: Request, res: Response) => {
    const token = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
    const id = String(req.params.id);
    reads.push(id);
    const failure = failures.shift();
    if (failure) return fail(res, failure);
    if (![...pages.values()].some((page) => page.tokens.includes(token))) return fail(res, { httpStatus: 401, code: 190 });
    const lead = leads.get(id);
    const page = pages.get(lead?.pageId ?? id);
    if (!page) return fail(res, { httpStatus: 400, code: 100, subcode: 33, message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation` });
    if (!page.tokens.includes(token)) return fail(res, { httpStatus: 403, code: 10, message: 'Application does not have permission for this action' });
    if (!lead) return res.json({ id: page.pageId, name: page.name });
    const answer: MetaLead = {
      id: lead.leadgenId,
      created_time: lead.createdTime.toISOString().replace(/\.\d{3}Z$/, '+0000'),
      form_id: lead.formId,
      ...(lead.adId ? { ad_id: lead.adId } : {}),
      field_data: Object.entries(lead.fields).map(([name, value]) => ({ name, values: [value] })),
    };
    return res.json(answer);
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));

  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Ids read so far, leads and pages alike. */
    reads: () => [...reads],
    failNext: (failure: GraphFailure) => failures.push(failure),
    /** A contact submits a form: the lead exists in Graph, and Meta posts the signed webhook (`times` > 1 models Meta's retries). */
    async submit(webhookUrl: string, submission: FakeLeadSubmission, times = 1): Promise<number[]> {
      const createdTime = new Date();
      leads.set(submission.leadgenId, { ...submission, createdTime });
      const value = { leadgen_id: submission.leadgenId, form_id: submission.formId, page_id: submission.pageId, ...(submission.adId ? { ad_id: submission.adId } : {}), created_time: Math.floor(createdTime.getTime() / 1000) };
      const raw = JSON.stringify({ object: 'page', entry: [{ id: submission.pageId, time: value.created_time, changes: [{ field: 'leadgen', value }] }] });
      const statuses: number[] = [];
      for (let i = 0; i < times; i += 1) {
        const response = await fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signWebhookBody(raw, options.appSecret) }, body: raw });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      return statuses;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeMetaLeads = Awaited<ReturnType<typeof startFakeMetaLeads>>;
