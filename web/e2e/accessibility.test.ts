import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { DESKTOP, newWindow, PHONE } from '../../testing/browser';
import { startBrowserStack, type BrowserStack } from '../../testing/browser-stack';
import { seedCampaignLeads } from '../../testing/campaign-harness';
import { eventually } from '../../testing/eventually';
import { adminQuery } from '../../testing/harness';

/** WCAG 2.0, 2.1 and 2.2 success criteria of levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);
/** Each person's own conversation, open in their inbox for one check. */
const CONTACTS = {
  admin: { from: '5491166660021', name: 'Rosa Medina', text: 'Hola, ¿el depto de Caballito admite mascotas?' },
  agent: { from: '5491166660022', name: 'Hugo Ferreyra', text: '¿Puedo visitarlo el sábado?' },
};
const VIEWPORTS = [
  ['1280 px', DESKTOP],
  ['375 px', PHONE],
] as const;

/** axe-core on every main screen: a person using a screen reader, a keyboard or low vision meets no serious barrier. */
describe('accessibility of the main pages (axe-core, WCAG 2 A and AA)', () => {
  let platform: BrowserStack;
  let pages: string[];

  beforeAll(async () => {
    platform = await startBrowserStack();
    const { api, agency } = platform;
    const asAdmin = (test: request.Test) => test.set('Authorization', agency.admin.auth);
    const { body: lead } = await asAdmin(request(api.app).post('/api/leads'))
      .send({ phone: '+5491166660011', name: 'Marta Quiroga', email: 'marta@example.com', searchOperation: 'RENT', searchType: 'APARTMENT', searchZone: 'Caballito', tags: ['accesible'] })
      .expect(201);
    const { body: property } = await asAdmin(request(api.app).post('/api/properties'))
      .send({ title: 'Departamento de 3 ambientes en Caballito', price: 450000, currency: 'ARS', operation: 'RENT', type: 'APARTMENT', zone: 'Caballito', rooms: 3 })
      .expect(201);
    await seedCampaignLeads(agency.tenant.id, 3, { prefix: '1156', tag: 'accesible' });
    const { body: campaign } = await asAdmin(request(api.app).post('/api/campaigns'))
      .send({ name: 'Alquileres en Caballito', type: 'OPORTUNIDADES', audience: { tags: ['accesible'] }, content: { kind: 'template', name: 'alquileres_mes', language: 'es_AR', variables: [] } })
      .expect(201);
    await asAdmin(request(api.app).post(`/api/campaigns/${campaign.id}/launch`)).expect(202);
    for (const [role, contact] of Object.entries(CONTACTS)) {
      const person = agency[role as keyof typeof CONTACTS];
      await platform.stack.fake.deliverInbound(platform.number.phoneNumberId, contact);
      const [conversation] = await eventually(
        () => adminQuery<{ id: string; workflowId: string | null }>(`SELECT id, "workflowId" FROM "Conversation" WHERE "tenantId" = $1 AND contact = $2`, [agency.tenant.id, `+${contact.from}`]),
        (rows) => Boolean(rows[0]?.workflowId),
        20_000,
        100,
        `${contact.name}'s conversation started`,
      );
      await request(api.app).post(`/api/conversations/${conversation!.id}/claim`).set('Authorization', person.auth).expect(200);
    }
    pages = ['/', '/leads', `/leads/${lead.id}`, '/properties', `/properties/${property.id}`, '/campaigns', '/campaigns/new', `/campaigns/${campaign.id}`, '/inbox', '/settings', '/settings/imports'];
  }, 600_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it.each(VIEWPORTS)('the sign-in page at %s', async (_, viewport) => {
    const window = await newWindow(platform.browser, viewport);
    platform.windows.push(window);
    const page = await window.newPage();
    await open(page, '/login');
    expect(await blockingViolations(page, '/login')).toEqual([]);
  });

  const people = [
    ['an admin', 'admin'],
    ['an agent', 'agent'],
  ] as const;
  describe.each(people)('signed in as %s', (_, role) => {
    it.each(VIEWPORTS)('every main page at %s, with its folded forms, the phone menu and a conversation open', async (__, viewport) => {
      const page = await platform.signedIn(platform.agency[role], viewport);
      const found: string[] = [];
      // Agents are refused every settings page alike; admins see each of them.
      const settings = role === 'admin' ? (await settingsPages(page)).filter((href) => !pages.includes(href)) : [];
      for (const path of [...pages, ...settings]) {
        await open(page, path);
        found.push(...(await blockingViolations(page, path)));
      }
      const menu = page.getByRole('button', { name: 'Menú' });
      if (await menu.isVisible()) {
        await open(page, '/');
        await menu.click();
        found.push(...(await blockingViolations(page, '/ with the menu open')));
      }
      await open(page, '/inbox');
      await page.getByRole('button', { name: new RegExp(CONTACTS[role].name) }).click();
      await page.getByLabel('Respuesta').waitFor();
      found.push(...(await blockingViolations(page, '/inbox with a conversation open')));
      expect(found).toEqual([]);
    }, 300_000);
  });

  /** Every page the settings index links to. */
  async function settingsPages(page: Page): Promise<string[]> {
    await open(page, '/settings');
    return page.evaluate<string[]>(`[...new Set(Array.from(document.querySelectorAll('main a[href^="/settings/"]'), (link) => new URL(link.href).pathname))]`);
  }

  /** Goes to `path` and waits for its heading, or for the sentence that refuses it. */
  async function open(page: Page, path: string): Promise<void> {
    await page.goto(`${platform.web.url}${path}`);
    await page.locator('h1, main [role="alert"]').first().waitFor();
  }
});

/**
 * One line per serious or critical axe violation on the page once it has loaded: page, rule, impact, what to do, where.
 * Folded forms are unfolded first, since axe skips what is hidden.
 */
async function blockingViolations(page: Page, path: string): Promise<string[]> {
  await eventually(() => page.getByText('Cargando…').count(), (loading) => loading === 0, 20_000, 100, `${path} finished loading`);
  await page.evaluate("document.querySelectorAll('details').forEach((details) => { details.open = true; })");
  // The app has no frames: one axe.run in the page, without the blank page the frame-by-frame mode opens.
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode().analyze();
  return violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => `${path} · ${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
}
