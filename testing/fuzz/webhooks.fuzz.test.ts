import fc from 'fast-check';
import request from 'supertest';
import { toStorableText } from '../../domain/storable-text';
import { signWebhookBody } from '../../integrations/whatsapp-cloud/webhook-signature';
import { createStaffedTenant, startTestApi, type TestApi } from '../api-harness';
import { configureWhatsAppChannel } from '../whatsapp-harness';
import { fuzzBudget } from './fuzz-budget';
import { hostileString } from './hostile-values';
import { bridgeEvent, metaDelivery } from './webhook-payloads';

const APP_SECRET = 'astor-development-app-secret';
const MAX_MS = 5_000;

describe('webhooks under fuzzed deliveries, signed and unsigned', () => {
  const { runs, seed } = fuzzBudget();
  let api: TestApi;
  let phoneNumberIds: string[];

  beforeAll(async () => {
    api = await startTestApi();
    const staff = await createStaffedTenant(api.db, 'Webhook fuzz');
    phoneNumberIds = [(await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET)).phoneNumberId];
  });

  afterAll(() => api.close());

  /** What is wrong with a webhook's answer, if anything; `allowed` are the statuses it may give. */
  function verdict(response: request.Response, elapsedMs: number, allowed: number[]): string | undefined {
    if (elapsedMs > MAX_MS) return `answered after ${elapsedMs} ms`;
    if (!allowed.includes(response.status)) return `answered ${response.status} (expected one of ${allowed.join(', ')})`;
    if (response.status >= 400 && !String(response.headers['content-type']).startsWith('application/problem+json')) return `error ${response.status} is not problem+json`;
    return undefined;
  }

  /** Sends `body` as the exact bytes given (superagent would re-serialize a Buffer as JSON). */
  async function post(path: string, body: string, headers: Record<string, string>, allowed: number[]): Promise<number> {
    const started = Date.now();
    const response = await request(api.app).post(path).timeout(15_000).set(headers).send(body).ok(() => true);
    const problem = verdict(response, Date.now() - started, allowed);
    if (problem) throw new Error(`${path}: ${problem} for ${body.slice(0, 300)}`);
    return response.status;
  }

  it('takes any signed Meta delivery with a 200 or a 400, and refuses every unsigned or missigned one with a 401', async () => {
    const accepted: number[] = [];
    const rawBody = fc.oneof({ weight: 9, arbitrary: metaDelivery(phoneNumberIds).map((value) => JSON.stringify(value) ?? 'null') }, { weight: 1, arbitrary: fc.constantFrom('', '{', '\u0000', 'EVENT') });
    await fc.assert(
      fc.asyncProperty(rawBody, fc.constantFrom('signed', 'unsigned', 'missigned'), async (body, signing) => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (signing === 'signed') headers['X-Hub-Signature-256'] = signWebhookBody(body, APP_SECRET);
        if (signing === 'missigned') headers['X-Hub-Signature-256'] = signWebhookBody(`${body} `, APP_SECRET);
        if ((await post('/webhooks/whatsapp', body, headers, signing === 'signed' ? [200, 400] : [401])) === 200) accepted.push(200);
      }),
      { numRuns: runs * 10, seed },
    );
    expect(accepted.length).toBeGreaterThan(runs);
  }, 10 * 60_000);

  it('answers a WhatsApp Web event for a malformed or unknown session with a 404 or 401, never a 500', async () => {
    const session = fc.oneof(fc.constantFrom('%00', '%', '..', '%2e%2e', 'a'.repeat(300), 'astor-unknown'), hostileString.map((text) => encodeURIComponent(toStorableText(text))));
    await fc.assert(
      fc.asyncProperty(session, bridgeEvent(fc.string()), async (name, event) => {
        await post(`/webhooks/whatsapp-web/${name}`, JSON.stringify(event), { 'Content-Type': 'application/json', 'X-Astor-Signature': 'sha256=00' }, [400, 401, 404]);
      }),
      { numRuns: runs * 3, seed },
    );
  }, 10 * 60_000);

  it.each(['manychat', 'uchat'])('refuses %s external requests without a valid token, whatever they carry', async (platform) => {
    await fc.assert(
      fc.asyncProperty(bridgeEvent(fc.string()), fc.constantFrom(undefined, '', 'forged-token', '%00', 'x'.repeat(5_000)), async (event, token) => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (token !== undefined) headers['X-Astor-Token'] = token;
        await post(`/webhooks/${platform}`, JSON.stringify(event), headers, [400, 401]);
      }),
      { numRuns: runs * 2, seed },
    );
  }, 10 * 60_000);
});
