import { ProviderError } from '../provider-error';
import { WhatsAppCloudClient } from './client';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from './testing/fake-server';

const WABA = '102290129340398';
const number = { phoneNumberId: '1099887766', accessToken: 'EAAG-template-token-1', displayPhoneNumber: '+54 11 5555-0000', appSecret: 'app-secret', wabaId: WABA };
const stranger = { phoneNumberId: '2099887766', accessToken: 'EAAG-template-token-2', displayPhoneNumber: '+54 11 5555-0001', appSecret: 'app-secret', wabaId: '999000111222' };
const CONTACT = '+5491155550101';

const welcome = {
  name: 'bienvenida',
  language: 'es_AR',
  category: 'MARKETING' as const,
  components: [{ type: 'BODY', text: 'Hola {{1}}, gracias por escribir a {{2}}', example: { body_text: [['Ana', 'Inmobiliaria Sur']] } }],
};

describe('WhatsApp template endpoints of the client against the loopback Graph API', () => {
  let fake: FakeWhatsAppCloud;
  const client = (token = number.accessToken) => new WhatsAppCloudClient({ baseUrl: fake.baseUrl, apiVersion: 'v21.0', accessToken: token, phoneNumberId: number.phoneNumberId });
  /** What the call threw; a call that succeeds fails the matchers that follow. */
  const failure = (promise: Promise<unknown>) => promise.then((value) => value as ProviderError, (error: unknown) => error as ProviderError);

  beforeAll(async () => {
    fake = await startFakeWhatsAppCloud({ numbers: [number, stranger], statuses: [] });
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.stop());

  it('submits a template, which Meta holds PENDING until it is reviewed', async () => {
    const created = await client().createTemplate(WABA, welcome);
    expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'MARKETING' });
    expect(fake.templates(WABA)).toEqual([expect.objectContaining({ id: created.id, name: 'bienvenida', language: 'es_AR', status: 'PENDING', components: welcome.components })]);
  });

  it('reads every page of templates by following the cursors', async () => {
    for (let index = 0; index < 7; index += 1) fake.seedTemplate(WABA, { ...welcome, name: `plantilla_${index}` });
    const first = await client().listTemplates(WABA, { limit: 3 });
    expect(first.data.map((template) => template.name)).toEqual(['plantilla_0', 'plantilla_1', 'plantilla_2']);
    expect(first.paging).toEqual({ cursors: { before: expect.any(String), after: expect.any(String) }, next: expect.stringContaining('/message_templates?') });
    expect(first.data[0]).toEqual({ id: expect.any(String), name: 'plantilla_0', language: 'es_AR', status: 'APPROVED', category: 'MARKETING', components: welcome.components, quality_score: { score: 'UNKNOWN', date: expect.any(Number) } });
    const second = await client().listTemplates(WABA, { limit: 3, after: first.paging!.cursors!.after });
    expect(second.data.map((template) => template.name)).toEqual(['plantilla_3', 'plantilla_4', 'plantilla_5']);

    const all = await client().listAllTemplates(WABA);
    expect(all.map((template) => template.name)).toEqual([0, 1, 2, 3, 4, 5, 6].map((index) => `plantilla_${index}`));
  });

  it("reports a review outcome and quality in the next listing", async () => {
    await client().createTemplate(WABA, welcome);
    await fake.reviewTemplate(WABA, 'bienvenida', 'es_AR', 'REJECTED', { reason: 'INVALID_FORMAT', quality: 'YELLOW' });
    const [template] = await client().listAllTemplates(WABA);
    expect(template).toMatchObject({ status: 'REJECTED', rejected_reason: 'INVALID_FORMAT', quality_score: { score: 'YELLOW' } });
  });

  it("answers Meta's invalid-parameter errors (code 100) as non-retryable with Meta's reason", async () => {
    const badName = await failure(client().createTemplate(WABA, { ...welcome, name: 'Bienvenida!' }));
    expect(badName).toBeInstanceOf(ProviderError);
    expect(badName).toMatchObject({ category: 'invalid_request', details: { code: '100', httpStatus: 400 } });
    expect(badName.message).toContain('Template name can only contain lowercase alphanumeric characters');

    const noExample = await failure(client().createTemplate(WABA, { ...welcome, components: [{ type: 'BODY', text: 'Hola {{1}}' }] }));
    expect(noExample.message).toContain('1 variable(s) but 0 example value(s)');

    await client().createTemplate(WABA, welcome);
    const duplicate = await failure(client().createTemplate(WABA, welcome));
    expect(duplicate).toMatchObject({ category: 'invalid_request', retryable: false });
    expect(duplicate.message).toContain('There is already es_AR content for this template');
  });

  it('fails fast on an invalid token (code 190) and on an account the token does not manage', async () => {
    const auth = await failure(client('EAAG-revoked').listTemplates(WABA));
    expect(auth).toMatchObject({ category: 'auth', details: { code: '190', httpStatus: 401 } });
    expect(auth.message).toContain('Invalid OAuth access token');
    const foreign = await failure(client(stranger.accessToken).createTemplate(WABA, welcome));
    expect(foreign).toMatchObject({ category: 'not_found', details: { code: '100' } });
    expect(fake.templates(WABA)).toEqual([]);
  });

  it('deletes a template, and says so when Meta does not have it', async () => {
    const created = await client().createTemplate(WABA, welcome);
    expect(await client().deleteTemplate(WABA, 'bienvenida', created.id)).toEqual({ success: true });
    expect(fake.templates(WABA)).toEqual([]);
    expect((await failure(client().deleteTemplate(WABA, 'bienvenida'))).message).toContain('Message template "bienvenida" was not found');
  });

  it('sends only templates the account has approved, with their parameter count', async () => {
    await client().createTemplate(WABA, welcome);
    const pending = await failure(client().sendTemplate(CONTACT, { name: 'bienvenida', languageCode: 'es_AR', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'Sur' }] }] }));
    expect(pending).toMatchObject({ category: 'template', details: { code: '132001' } });

    await fake.reviewTemplate(WABA, 'bienvenida', 'es_AR', 'APPROVED');
    const wrongCount = await failure(client().sendTemplate(CONTACT, { name: 'bienvenida', languageCode: 'es_AR', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] }));
    expect(wrongCount.details.code).toBe('132000');
    const sent = await client().sendTemplate(CONTACT, { name: 'bienvenida', languageCode: 'es_AR', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'Sur' }] }] });
    expect(sent.providerMessageId).toMatch(/^wamid\./);
  });
});
