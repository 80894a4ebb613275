import type { Page } from 'playwright-core';
import request from 'supertest';
import { createStaffedTenant } from '../../testing/api-harness';
import { DESKTOP, PHONE } from '../../testing/browser';
import { expectText, startBrowserStack, type BrowserStack } from '../../testing/browser-stack';
import { seedCampaignLeads } from '../../testing/campaign-harness';

const BODY = 'Hola {{1}}, esta semana hay novedades en {{2}}.';

/** Templates from the UI: the business account in Settings, and the picker that offers only what Meta approved. */
describe('WhatsApp templates in the web app', () => {
  let platform: BrowserStack;

  beforeAll(async () => {
    platform = await startBrowserStack();
    const tenantId = platform.agency.tenant.id;
    await platform.api.db.inTenant(tenantId, (tx) =>
      tx.whatsAppTemplate.createMany({
        data: [
          { tenantId, name: 'oferta_semana', language: 'es_AR', category: 'MARKETING', status: 'APPROVED', components: [{ type: 'BODY', text: BODY }], variables: [{ kind: 'field', field: 'lead.firstName' }, { kind: 'text', text: 'Palermo' }] },
          { tenantId, name: 'promo_pendiente', language: 'es_AR', category: 'MARKETING', status: 'PENDING', components: [{ type: 'BODY', text: 'Pronto' }] },
          { tenantId, name: 'promo_rechazada', language: 'es_AR', category: 'MARKETING', status: 'REJECTED', components: [{ type: 'BODY', text: 'Nunca' }] },
        ],
      }),
    );
    await seedCampaignLeads(tenantId, 4, { prefix: '1160', tag: 'plantillas' });
  }, 600_000);
  afterAll(() => platform?.stop());

  const picker = (page: Page) => page.getByTestId('template-picker');
  const templateSelect = (page: Page) => picker(page).getByLabel('Plantilla', { exact: true });

  async function chooseTemplate(page: Page) {
    await page.goto(`${platform.web.url}/campaigns/new`);
    await templateSelect(page).selectOption('oferta_semana/es_AR');
    await expectText(page.getByTestId('template-preview'), 'Hola {{lead.firstName}}, esta semana hay novedades en Palermo.');
  }

  it('asks for the WhatsApp Business Account ID next to the number, saves it and shows it', async () => {
    const newcomer = await createStaffedTenant(platform.api.db, 'Cuenta comercial');
    const page = await platform.signedIn(newcomer.admin, DESKTOP);
    await page.goto(`${platform.web.url}/settings/whatsapp`);
    const whatsapp = page.locator('#whatsapp');
    const account = whatsapp.getByLabel('ID de la cuenta de WhatsApp Business (WABA)');
    await expectText(whatsapp, 'Hace falta para enviar plantillas a Meta para aprobación y para sincronizarlas.');
    await whatsapp.getByLabel('Phone number ID (de Meta)').fill('1077665544');
    await account.fill('3099887766');
    await whatsapp.getByLabel('Token de acceso').fill('EAAGbusinessAccountToken000000001');
    await whatsapp.getByRole('button', { name: 'Guardar' }).click();
    await expectText(whatsapp.getByRole('status'), 'Guardado');
    await expectText(whatsapp.getByTestId('business-account'), 'Cuenta de WhatsApp Business: 3099887766');
    const { body } = await request(platform.api.app).get('/api/channels/whatsapp').set('Authorization', newcomer.admin.auth).expect(200);
    expect(body.businessAccountId).toBe('3099887766');

    await page.reload();
    expect(await page.locator('#whatsapp').getByLabel('ID de la cuenta de WhatsApp Business (WABA)').inputValue()).toBe('3099887766');
  });

  it('offers only approved templates in the campaign designer, previews the chosen one with its values, and launches it', async () => {
    const page = await platform.signedIn(platform.agency.admin, DESKTOP);
    await page.goto(`${platform.web.url}/campaigns/new`);
    await page.getByLabel('Nombre', { exact: true }).fill('Novedades con plantilla');
    await page.getByLabel('Etiquetas (separadas por coma)').fill('plantillas');
    await expectText(page.getByTestId('audience-count'), '4 leads en la audiencia');
    expect(await templateSelect(page).locator('option:not([disabled]):not([value=""])').allTextContents()).toEqual(['oferta_semana · es_AR']);
    expect(await templateSelect(page).locator('option[disabled]').allTextContents()).toEqual(['promo_pendiente · es_AR — En revisión', 'promo_rechazada · es_AR — Rechazada']);

    await templateSelect(page).selectOption('oferta_semana/es_AR');
    await expectText(page.getByTestId('template-preview'), 'Hola {{lead.firstName}}, esta semana hay novedades en Palermo.');
    await picker(page).getByLabel('Valor de {{2}}').fill('Belgrano');
    await expectText(page.getByTestId('template-preview'), 'esta semana hay novedades en Belgrano.');
    await expectText(page.getByTestId('audience-reach'), '4 de 4 recibirán este mensaje.');
    await platform.shoot(page, 'template-picker');

    await page.getByRole('button', { name: 'Crear y lanzar' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.locator('[role="progressbar"][aria-valuenow="100"]').waitFor({ timeout: 60_000 });
    const sent = platform.stack.fake.sent().filter((message) => message.to.startsWith('5491160'));
    expect(sent).toHaveLength(4);
    for (const message of sent) {
      expect(message.body.template).toMatchObject({ name: 'oferta_semana', language: { code: 'es_AR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Cliente' }, { type: 'text', text: 'Belgrano' }] }] });
    }
  }, 120_000);

  it('chooses the automations’ and the new leads’ templates from the registry instead of typing their names', async () => {
    const admin = (path: string) => request(platform.api.app).get(path).set('Authorization', platform.agency.admin.auth).expect(200);
    const page = await platform.signedIn(platform.agency.admin, DESKTOP);
    const registryReads: string[] = [];
    page.on('request', (sent) => {
      if (sent.method() === 'GET' && new URL(sent.url()).pathname === '/api/templates') registryReads.push(sent.url());
    });
    await page.goto(`${platform.web.url}/settings/automations`);
    const reminder = page.getByRole('form', { name: 'Recordatorio de visita' });
    await reminder.getByLabel('Plantilla', { exact: true }).selectOption('oferta_semana/es_AR');
    // One picker per automation, one read of the registry for them all.
    expect(await page.getByLabel('Plantilla', { exact: true }).count()).toBeGreaterThan(1);
    expect(registryReads).toHaveLength(1);
    await reminder.getByLabel('Valor de {{2}}').fill('{{visit.address}}');
    await expectText(reminder.getByTestId('template-preview'), 'esta semana hay novedades en {{visit.address}}.');
    await reminder.getByRole('button', { name: 'Guardar' }).click();
    await expectText(reminder.getByRole('status'), 'Guardado');
    expect((await admin('/api/automations')).body.rules.visitReminder.message).toEqual({ kind: 'template', name: 'oferta_semana', language: 'es_AR', variables: ['{{lead.firstName}}', '{{visit.address}}'] });

    await page.goto(`${platform.web.url}/settings/profile`);
    const leads = page.getByRole('form', { name: 'Plantillas para leads nuevos' });
    await leads.getByLabel('Plantilla de bienvenida').selectOption('oferta_semana/es_AR');
    await expectText(leads.getByTestId('template-preview'), 'Hola {{lead.firstName}}, esta semana');
    await leads.getByRole('button', { name: 'Guardar' }).click();
    await expectText(leads.getByRole('status'), 'Guardado');
    expect((await admin('/api/tenant')).body.settings).toMatchObject({ welcomeTemplate: { name: 'oferta_semana', language: 'es_AR' }, followUpTemplate: null });
  });

  it('fits the picker and its preview on a phone', async () => {
    const page = await platform.signedIn(platform.agency.admin, PHONE);
    await chooseTemplate(page);
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await platform.shoot(page, 'template-picker');
  });
});
