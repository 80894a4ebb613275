import type { Page } from 'playwright-core';
import request from 'supertest';
import { DESKTOP, PHONE } from '../../testing/browser';
import { expectText, startBrowserStack, type BrowserStack, type Person } from '../../testing/browser-stack';
import { eventually } from '../../testing/eventually';

/** Every settings page an admin reaches from the index, with the title it shows. */
const PAGES = [
  ['/settings/profile', 'Perfil de la inmobiliaria'],
  ['/settings/users', 'Usuarios y roles'],
  ['/settings/service', 'Atención y asignación'],
  ['/settings/automations', 'Automatizaciones'],
  ['/settings/whatsapp', 'WhatsApp'],
  ['/settings/bot', 'Bots (ManyChat o UChat)'],
  ['/settings/voice', 'Voz (ElevenLabs)'],
  ['/settings/integrations', 'Integraciones'],
  ['/settings/api-keys', 'Claves de API (formularios y landings)'],
  ['/settings/data', 'Datos de la inmobiliaria'],
  ['/settings/health', 'Estado de las integraciones'],
] as const;

const fitsSideways = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

/** Settings split into pages, and the question asked before revoking a key or cancelling a campaign. */
describe('settings pages and confirmations in headless Chromium', () => {
  let platform: BrowserStack;
  let web: BrowserStack['web'];
  let agency: BrowserStack['agency'];

  beforeAll(async () => {
    platform = await startBrowserStack();
    ({ web, agency } = platform);
  }, 600_000);
  afterAll(async () => {
    await platform?.stop();
  });

  const signedIn = (person: Person, viewport = DESKTOP): Promise<Page> => platform.signedIn(person, viewport);
  const asAdmin = (path: string) => request(platform.api.app).get(`/api${path}`).set('Authorization', agency.admin.auth).expect(200);

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])('shows the index and every settings page on a %s without sideways scrolling, each with its title and a way back', async (device, viewport) => {
    const page = await signedIn(agency.admin, viewport);
    await page.goto(`${web.url}/settings`);
    await expectText(page.getByRole('heading', { level: 1 }), 'Ajustes');
    for (const [path, title] of PAGES) expect(await page.locator('.settings-index').getByRole('link', { name: title, exact: true }).getAttribute('href')).toBe(path);
    expect(await fitsSideways(page)).toBe(true);
    await platform.shoot(page, 'settings-index');

    for (const [path, title] of PAGES) {
      await page.goto(`${web.url}${path}`);
      await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
      await eventually(() => page.getByText('Cargando…').count(), (loading) => loading === 0);
      expect([path, await fitsSideways(page)]).toEqual([path, true]);
      const menu = page.getByRole('navigation', { name: 'Secciones de ajustes' });
      if (device === 'desktop') expect(await menu.locator('[aria-current="page"]').textContent()).toBe(title);
      else expect(await menu.isVisible()).toBe(false);
      await platform.shoot(page, `settings-${path.split('/').pop()}`);
    }
    await page.getByRole('link', { name: 'Volver a Ajustes' }).click();
    await page.waitForURL(`${web.url}/settings`);
    await page.locator('.settings-index').getByRole('link', { name: 'Usuarios y roles' }).click();
    await page.waitForURL(`${web.url}/settings/users`);
  }, 120_000);

  it('keeps every settings page from an agent: no link to them, and a refusal instead of the page', async () => {
    const agent = await signedIn(agency.agent);
    expect(await agent.getByRole('link', { name: 'Ajustes' }).count()).toBe(0);
    for (const path of ['/settings', ...PAGES.map(([pagePath]) => pagePath)]) {
      await agent.goto(`${web.url}${path}`);
      await expectText(agent.getByRole('alert'), 'No tenés acceso a esta página.');
      expect({ path, headings: await agent.getByRole('heading').allInnerTexts(), forms: await agent.locator('form').count() }).toEqual({ path, headings: ['Acceso restringido'], forms: 0 });
    }
  });

  it('asks before revoking an API key: Cancelar keeps it working, Revocar revokes it', async () => {
    const { body: created } = await request(platform.api.app).post('/api/api-keys').set('Authorization', agency.admin.auth).send({ name: 'Integración web' }).expect(201);
    const intake = () => request(platform.api.app).post('/api/intake/leads').set('X-Api-Key', created.key as string).send({ phone: `+54911300${String(Date.now()).slice(-5)}`, name: 'Desde la web' });
    const revokedAt = async () => ((await asAdmin('/api-keys')).body.items as { name: string; revokedAt: string | null }[]).find((key) => key.name === 'Integración web')!.revokedAt;
    const page = await signedIn(agency.admin);
    await page.goto(`${web.url}/settings/api-keys`);
    const row = page.getByRole('row').filter({ hasText: 'Integración web' });

    await row.getByRole('button', { name: 'Revocar' }).click();
    const dialog = page.getByRole('alertdialog', { name: '¿Revocar la clave «Integración web»?' });
    await expectText(dialog, 'Las aplicaciones que la usan dejarán de funcionar.');
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Cancelar');
    await platform.shoot(page, 'settings-api-key-revoke');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await revokedAt()).toBeNull();
    expect((await intake()).status).toBeLessThan(300);

    await row.getByRole('button', { name: 'Revocar' }).click();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await revokedAt()).toBeNull();

    await row.getByRole('button', { name: 'Revocar' }).click();
    await dialog.getByRole('button', { name: 'Revocar' }).click();
    await expectText(row, 'Revocada');
    expect(await revokedAt()).not.toBeNull();
    expect((await intake()).status).toBe(401);
  });

  it('asks before cancelling a campaign: Seguir con la campaña leaves it scheduled, Cancelar campaña cancels it', async () => {
    const admin = (path: string, body?: object) => request(platform.api.app).post(`/api${path}`).set('Authorization', agency.admin.auth).send(body);
    const { body: campaign } = await admin('/campaigns', { name: 'Lanzamiento de marzo', type: 'FIDELIZACION', audience: {}, content: { kind: 'template', name: 'hola', language: 'es', variables: [] }, schedule: { kind: 'at', at: '2030-03-01T10:00' } }).expect(201);
    await admin(`/campaigns/${campaign.id}/launch`).expect(202);
    const status = async () => ((await asAdmin(`/campaigns/${campaign.id}`)).body as { status: string }).status;
    await eventually(status, (current) => current === 'SCHEDULED');
    const page = await signedIn(agency.admin);
    await page.goto(`${web.url}/campaigns/${campaign.id}`);
    const dialog = page.getByRole('alertdialog', { name: '¿Cancelar la campaña «Lanzamiento de marzo»?' });

    await page.getByRole('button', { name: 'Cancelar campaña' }).click();
    await expectText(dialog, 'Los mensajes que faltan no se envían y la campaña no se puede reanudar.');
    await dialog.getByRole('button', { name: 'Seguir con la campaña' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await status()).toBe('SCHEDULED');

    await page.getByRole('button', { name: 'Cancelar campaña' }).click();
    await dialog.getByRole('button', { name: 'Cancelar campaña' }).click();
    await expectText(page.getByTestId('campaign-status'), 'Cancelada');
    expect(await status()).toBe('CANCELLED');
  });

  it('asks the owner before erasing a lead, and erases it only once its name is typed in the question', async () => {
    const { body: lead } = await request(platform.api.app).post('/api/leads').set('Authorization', agency.owner.auth).send({ phone: '+5491130077001', name: 'Marta Quiroga' }).expect(201);
    const page = await signedIn(agency.owner);
    await page.goto(`${web.url}/leads/${lead.id}`);
    const dialog = page.getByRole('alertdialog', { name: '¿Borrar para siempre a «Marta Quiroga»?' });
    const erase = dialog.getByRole('button', { name: 'Borrar datos personales' });

    await page.getByRole('button', { name: 'Borrar datos personales' }).click();
    await expectText(dialog, 'No se puede deshacer.');
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.waitFor({ state: 'detached' });
    await request(platform.api.app).get(`/api/leads/${lead.id}`).set('Authorization', agency.owner.auth).expect(200);

    await page.getByRole('button', { name: 'Borrar datos personales' }).click();
    await dialog.getByLabel('Para confirmar, escribí el nombre del contacto o BORRAR').fill('marta quiroga');
    await erase.click();
    await page.waitForURL(`${web.url}/leads`);
    await request(platform.api.app).get(`/api/leads/${lead.id}`).set('Authorization', agency.owner.auth).expect(404);
  });
});
