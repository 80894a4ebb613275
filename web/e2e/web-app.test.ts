import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { startFakeManyChat, type FakeManyChat } from '../../integrations/manychat/testing/fake-server';
import { hashPassword } from '../../domain/passwords';
import * as prismaEnums from '../../prisma/generated/enums';
import { DESKTOP, newWindow, PHONE } from '../../testing/browser';
import { expectText, startBrowserStack, type BrowserStack, type Person } from '../../testing/browser-stack';
import { createStaffedTenant, type TestApi } from '../../testing/api-harness';
import { seedCampaignLeads } from '../../testing/campaign-harness';
import { eventually } from '../../testing/eventually';
import { adminQuery } from '../../testing/harness';
import { configureWhatsAppChannel, type TestNumber } from '../../testing/whatsapp-harness';
import { startWebApp } from '../../testing/web-app';

type Staff = Awaited<ReturnType<typeof createStaffedTenant>>;

/** The number an admin connects in Settings; Probar conexión reaches it on a fake Graph API. */
const PROBED_NUMBER = { phoneNumberId: '1099887766', accessToken: 'EAAGprobedNumberToken0000000001', displayPhoneNumber: '+54 11 4000-0000', appSecret: 'probe-app-secret' };
const TEMPORAL_UI = 'http://temporal-ui.test:8233';
const MANYCHAT_PAGE = { apiKey: '4400110022:browserpagekey0000000', pageId: '4400110022', name: 'Rival en ManyChat' };

/** The whole platform in a real browser: web app (production build), API, worker, Temporal, PostgreSQL, fake Graph API. */
describe('the web app in headless Chromium', () => {
  let platform: BrowserStack;
  let api: TestApi;
  let stack: BrowserStack['stack'];
  let apiUrl: string;
  let web: BrowserStack['web'];
  let browser: Browser;
  let probe: FakeWhatsAppCloud;
  let manyChat: FakeManyChat;
  let number: TestNumber;
  let agency: Staff;
  let rival: Staff;
  let windows: BrowserContext[];

  beforeAll(async () => {
    probe = await startFakeWhatsAppCloud({ numbers: [PROBED_NUMBER] });
    manyChat = await startFakeManyChat({ pages: [MANYCHAT_PAGE] });
    platform = await startBrowserStack({ env: { WHATSAPP_GRAPH_URL: probe.baseUrl, MANYCHAT_API_URL: manyChat.baseUrl, TEMPORAL_UI_URL: TEMPORAL_UI } });
    ({ api, stack, apiUrl, web, browser, number, agency, rival, windows } = platform);
  }, 600_000);
  afterAll(async () => {
    await platform?.stop();
    await probe?.stop();
    await manyChat?.stop();
  });

  const signedIn = (person: Person, viewport = DESKTOP): Promise<Page> => platform.signedIn(person, viewport);
  const shoot = (page: Page, name: string): Promise<void> => platform.shoot(page, name);

  it('refuses a wrong password with a sentence, and signs an admin in to the agency’s dashboard', async () => {
    const window = await newWindow(browser);
    windows.push(window);
    const page = await window.newPage();
    await page.goto(`${web.url}/login`);
    await shoot(page, 'login');
    await page.getByLabel('Correo electrónico').fill(agency.admin.email);
    await page.getByLabel('Contraseña').fill('not the password');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await expectText(page.getByRole('alert'), 'El correo o la contraseña no son correctos.');

    const admin = await signedIn(agency.admin);
    await expectText(admin.getByRole('heading', { level: 1 }), 'Inicio · Inmobiliaria Sur');
    await admin.getByText('Leads de hoy por origen').waitFor();
    await shoot(admin, 'dashboard');
  });

  it('creates a property from the catalogue page, explaining a missing field first', async () => {
    const page = await signedIn(agency.admin);
    await page.getByRole('link', { name: 'Propiedades' }).click();
    await page.getByLabel('Título').fill('Depto 2 ambientes con balcón');
    await page.getByLabel('Precio').fill('98000');
    await page.getByRole('button', { name: 'Crear' }).click();
    await expectText(page.locator('.field-error'), 'se esperaba');
    await page.getByLabel('Zona').fill('Palermo');
    await page.getByRole('button', { name: 'Crear' }).click();
    await expectText(page.getByRole('status'), 'Propiedad creada');
    await page.getByRole('cell', { name: 'Depto 2 ambientes con balcón' }).waitFor();
    await page.getByLabel('Estado de Depto 2 ambientes con balcón').selectOption('RESERVED');
    await expectText(page.getByRole('status'), 'Propiedad actualizada');
    await shoot(page, 'properties');
    await page.getByRole('link', { name: 'Depto 2 ambientes con balcón' }).click();
    await page.getByRole('heading', { name: 'Leads a los que les sirve' }).waitFor();
    await expectText(page.locator('.badge'), 'Reservada');
  });

  it('designs and launches a campaign, and watches its progress bar reach 100 %', async () => {
    await seedCampaignLeads(agency.tenant.id, 30, { prefix: '1150', tag: 'web' });
    const page = await signedIn(agency.admin);
    await page.getByRole('link', { name: 'Campañas' }).click();
    await page.getByRole('link', { name: 'Nueva campaña' }).click();
    await page.getByLabel('Nombre', { exact: true }).fill('Oportunidades de diciembre');
    await page.getByLabel('Etiquetas (separadas por coma)').fill('web');
    await expectText(page.getByTestId('audience-count'), '30 leads en la audiencia');
    await page.getByLabel('Tipo de mensaje').selectOption('text');
    // Nobody of this audience wrote in the last 24 hours: free text would reach none of them, and the designer says so.
    await expectText(page.getByTestId('audience-reach'), '0 de 30 recibirán este mensaje.');
    await expectText(page.getByTestId('audience-reach'), '30 no: escribió hace más de 24 horas');
    // Leads the message skips take none of the WhatsApp limit and cost nothing.
    await expectText(page.getByTestId('capacity-recipients'), 'Destinatarios: 0');
    await expectText(page.getByTestId('capacity-skipped'), '30 leads de la audiencia no reciben el mensaje');
    await shoot(page, 'campaign-designer-reach');
    await page.getByLabel('Tipo de mensaje').selectOption('template');
    await page.getByLabel('Nombre de la plantilla').fill('oportunidades_mes');
    await expectText(page.getByTestId('audience-reach'), '30 de 30 recibirán este mensaje.');
    await expectText(page.getByTestId('capacity-recipients'), 'Destinatarios: 30');
    await shoot(page, 'campaign-designer');
    // Meta refuses the first send: the monitor says why in Spanish, not in Meta's words.
    stack.fake.failNext(1, { httpStatus: 400, code: 131026, message: 'Message undeliverable' });
    await page.getByRole('button', { name: 'Crear y lanzar' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.locator('[role="progressbar"][aria-valuenow="100"]').waitFor({ timeout: 60_000 });
    await expectText(page.getByTestId('campaign-status'), 'Completada');
    await expectText(page.getByTestId('funnel-sent'), '29');
    await expectText(page.getByTestId('funnel-failed'), '1');
    const undeliverable = 'No se envió: este número no puede recibir mensajes de WhatsApp. Confirmá el número con el contacto.';
    await expectText(page.getByRole('listitem'), `${undeliverable} (1)`);
    await expectText(page.getByRole('cell'), undeliverable);
    const [refused] = await adminQuery<{ leadId: string }>(`SELECT "leadId" FROM "Event" WHERE "tenantId" = $1 AND type = 'campaign.failed'`, [agency.tenant.id]);
    await page.goto(`${web.url}/leads/${refused!.leadId}`);
    await expectText(page.locator('.timeline li'), `Campaña que no se pudo enviar ${undeliverable}`);
    await page.goBack();
    // The Temporal Web UI is the platform operator's tool: an agency admin has no link to it.
    expect(await page.getByRole('link', { name: 'Ver el flujo en Temporal' }).count()).toBe(0);
    // The report charts sends and replies over time, hour by hour while the campaign is young.
    await expectText(page.getByRole('figure', { name: /Envíos y respuestas por hora/ }), '29 enviados y 0 respuestas desde el primer envío.');
    await shoot(page, 'campaign-monitor');
    expect(stack.fake.sent()).toHaveLength(29);

    await page.getByRole('link', { name: 'Inicio' }).click();
    await expectText(page.getByRole('figure', { name: /Resultados de campañas por día/ }), '29 enviados');
    const leadsPerDay = page.getByRole('figure', { name: /Leads por día y origen/ });
    expect(await leadsPerDay.locator('tbody tr').count()).toBe(14);
    for (const name of ['Embudo de leads', 'Primera respuesta por agente']) await page.getByRole('figure', { name: new RegExp(name) }).waitFor();
    await page.getByRole('button', { name: 'Últimos 30 días' }).click();
    await expectText(leadsPerDay, 'en los últimos 30 días');
    expect(await leadsPerDay.locator('tbody tr').count()).toBe(30);
    await shoot(page, 'dashboard-charts');
  }, 120_000);

  it('shows the campaign’s capacity and estimated cost before launch: what fits today’s WhatsApp limit, the rest, and the cost per country', async () => {
    const capped = await createStaffedTenant(api.db, 'Límite chico');
    await configureWhatsAppChannel(api.db, capped.tenant.id, 'astor-development-app-secret');
    await adminQuery(`UPDATE "WhatsAppChannel" SET "messagingLimitTier" = 'TIER_50' WHERE "tenantId" = $1`, [capped.tenant.id]);
    await adminQuery(`INSERT INTO "WhatsAppTemplate" (id, "tenantId", name, language, category, status, "updatedAt") VALUES (gen_random_uuid(), $1, 'aviso_cuotas', 'es_AR', 'UTILITY', 'APPROVED', now())`, [capped.tenant.id]);
    await seedCampaignLeads(capped.tenant.id, 80, { prefix: '1154', tag: 'capacidad' });
    // Two Uruguayan leads who wrote a minute ago: a utility template reaches them free.
    await adminQuery(
      `INSERT INTO "Lead" (id, "tenantId", name, phone, origin, stage, tags, "lastInboundAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, 'Vecina ' || i, '+5989912340' || i, 'WHATSAPP', 'NEW', ARRAY['capacidad'], now() - interval '1 minute', now() FROM generate_series(1, 2) AS i`,
      [capped.tenant.id],
    );
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await signedIn(capped.admin, viewport);
      await page.goto(`${web.url}/campaigns/new`);
      await page.getByLabel('Etiquetas (separadas por coma)').fill('capacidad');
      const card = page.getByTestId('capacity-cost');
      await expectText(card.getByTestId('cost-total'), 'El costo estimado aparece cuando elegís la plantilla.');
      await page.getByLabel('Plantilla', { exact: true }).selectOption('aviso_cuotas/es_AR');
      await expectText(card.getByTestId('cost-total'), 'Total:');
      const text = async () => (await card.textContent())!.replace(/\s+/g, ' ');
      expect(await text()).toContain('Destinatarios: 82');
      expect(await text()).toContain('Límite de WhatsApp: 50 personas cada 24 h; quedan 50 disponibles.');
      expect(await text()).toContain('Entran hoy en el límite: 50 de 82');
      expect(await text()).toContain('Los 32 restantes se envían en los próximos días, a medida que se libera el límite de WhatsApp.');
      expect(await text()).toContain('Total: US$ 2,08 por 82 mensajes');
      expect(await text()).toMatch(/Argentina\s?80\s?US\$ 2,08\s?US\$ 0,0260/);
      expect(await text()).toMatch(/Uruguay\s?2\s?gratis\s?US\$ 0,0113/);
      expect(await text()).toContain('Precios de Meta vigentes desde el 1 de octubre de 2026 (tabla meta-2026-10-01).');
      expect([viewport.width, await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')]).toEqual([viewport.width, true]);
      await shoot(page, 'campaign-designer-capacity');

      await page.getByLabel('Destinatarios como máximo (vacío: toda la audiencia)').fill('60');
      await expectText(card, 'Sólo los primeros 60 de los 82 leads de la audiencia la reciben: es el máximo que fijaste.');
      await expectText(card, 'Los 10 restantes se envían en los próximos días');
      await expectText(card.getByTestId('cost-total'), 'por 60 mensajes');
      await page.getByLabel('Tipo de mensaje').selectOption('text');
      await expectText(card.getByTestId('cost-total'), 'Sin costo de Meta dentro de la ventana de 24 h.');
    }

    const page = await signedIn(capped.admin);
    await page.goto(`${web.url}/campaigns/new`);
    // With templates synced, the designer offers the registry's approved ones instead of a typed name.
    await page.getByLabel('Plantilla', { exact: true }).waitFor();
    expect(await page.getByLabel('Nombre de la plantilla').count()).toBe(0);
  }, 120_000);

  it('tells why a campaign paused and what to do: the number’s quality fell to RED before a marketing template went out', async () => {
    // An agency of its own: a template in its registry makes the designer check template names, which other tests leave free.
    const red = await createStaffedTenant(api.db, 'Calidad roja');
    await configureWhatsAppChannel(api.db, red.tenant.id, 'astor-development-app-secret');
    await adminQuery(`UPDATE "WhatsAppChannel" SET "qualityRating" = 'RED' WHERE "tenantId" = $1`, [red.tenant.id]);
    await adminQuery(`INSERT INTO "WhatsAppTemplate" (id, "tenantId", name, language, category, status, "updatedAt") VALUES (gen_random_uuid(), $1, 'promo_navidad', 'es_AR', 'MARKETING', 'APPROVED', now())`, [red.tenant.id]);
    await seedCampaignLeads(red.tenant.id, 5, { prefix: '1155', tag: 'calidad-roja' });
    const admin = (call: request.Test) => call.set('Authorization', red.admin.auth);
    const { body: campaign } = await admin(request(api.app).post('/api/campaigns'))
      .send({ name: 'Promo de Navidad', type: 'OPORTUNIDADES', audience: { tags: ['calidad-roja'] }, content: { kind: 'template', name: 'promo_navidad', language: 'es_AR', variables: [] } })
      .expect(201);
    await admin(request(api.app).post(`/api/campaigns/${campaign.id}/launch`)).expect(202);
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await signedIn(red.admin, viewport);
      await page.goto(`${web.url}/campaigns/${campaign.id}`);
      const banner = page.getByTestId('pause-banner');
      await banner.waitFor({ timeout: 30_000 });
      await expectText(page.getByTestId('campaign-status'), 'Pausada');
      const text = (await banner.textContent())!;
      expect(text).toContain('La campaña está en pausa');
      expect(text).toContain('La calidad del número de WhatsApp está en rojo');
      expect(text).toContain('Qué hacer: mejorá la calidad del número');
      await expectText(page.getByTestId('cost-estimated'), 'Estimado al lanzar: US$');
      await expectText(page.getByTestId('cost-billable'), 'Facturable hasta ahora, según Meta:');
      await shoot(page, 'campaign-paused');
    }
    expect(stack.fake.sentTo('+5491155000001')).toHaveLength(0);
    await admin(request(api.app).post(`/api/campaigns/${campaign.id}/cancel`)).expect(200);
  }, 120_000);

  it('saves a weekly campaign as a draft and previews its message for one of its real leads', async () => {
    await seedCampaignLeads(agency.tenant.id, 3, { prefix: '1151', tag: 'semanal' });
    const page = await signedIn(agency.admin);
    await page.goto(`${web.url}/campaigns/new`);
    await page.getByLabel('Nombre', { exact: true }).fill('Novedades de los lunes');
    await page.getByLabel('Etiquetas (separadas por coma)').fill('semanal');
    await page.getByLabel('Nombre de la plantilla').fill('novedades');
    await page.getByLabel('Se envía').selectOption('recurring');
    await page.getByLabel('Jueves').check();
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await expectText(page.getByTestId('campaign-status'), 'Borrador');
    await expectText(page.getByTestId('preview-message'), 'novedades: {{1}} = Cliente');
    const { body } = await request(api.app).get('/api/campaigns?status=DRAFT').set('Authorization', agency.admin.auth).expect(200);
    expect(body.items.find((item: { name: string }) => item.name === 'Novedades de los lunes').schedule).toEqual({ kind: 'recurring', frequency: 'weekly', time: '10:00', daysOfWeek: ['MONDAY', 'THURSDAY'] });
  });

  it('shows an inbound WhatsApp message in the agent’s inbox without reload, and the agent’s reply reaches the contact', async () => {
    const page = await signedIn(agency.agent);
    await page.getByRole('link', { name: 'Bandeja' }).click();
    await page.getByRole('tab', { name: 'Sin asignar' }).click();
    await page.getByText('Elegí una conversación.').waitFor();
    await stack.fake.deliverInbound(number.phoneNumberId, { from: '5491177770001', name: 'Marta Gómez', text: 'Hola, ¿sigue disponible el depto de Palermo?' });
    await page.getByRole('button', { name: /Marta Gómez/ }).click({ timeout: 20_000 });
    await page.getByText('Hola, ¿sigue disponible el depto de Palermo?').waitFor();
    await page.getByRole('button', { name: 'Tomar' }).click();
    await expectText(page.getByRole('status'), 'Te asignaron una conversación nueva.');
    await page.getByLabel('Respuesta').fill('¡Hola Marta! Sí, ¿te queda bien visitarlo mañana a las 10?');
    await page.getByRole('button', { name: 'Enviar' }).click();
    const sent = await eventually(() => stack.fake.sentTo('+5491177770001'), (messages) => messages.length === 1, 20_000, 100);
    expect(sent[0]!.body).toMatchObject({ type: 'text', text: { body: '¡Hola Marta! Sí, ¿te queda bien visitarlo mañana a las 10?' } });
    await page.locator('.bubble.out').filter({ hasText: 'visitarlo mañana' }).waitFor();
    await shoot(page, 'inbox');
    await page.getByLabel('Transferir a').selectOption({ label: 'ADMIN user' });
    await page.getByRole('button', { name: 'Transferir', exact: true }).click();
    await eventually(
      async () => (await adminQuery<{ assigneeId: string }>(`SELECT "assigneeId" FROM "Conversation" WHERE "tenantId" = $1 AND contact = '+5491177770001'`, [agency.tenant.id]))[0]?.assigneeId,
      (assignee) => assignee === agency.admin.id,
      10_000,
      100,
    );
    // The assignment notice goes away by itself.
    await page.getByRole('status').filter({ hasText: 'Te asignaron una conversación nueva.' }).waitFor({ state: 'detached', timeout: 15_000 });
  }, 60_000);

  it('finds a lead by name, moves it along the funnel and writes a note on its timeline', async () => {
    await request(api.app).post('/api/leads').set('Authorization', agency.admin.auth).send({ phone: '+5491177770099', name: 'Julián Pereyra', searchOperation: 'SALE', searchZone: 'Palermo' }).expect(201);
    await request(api.app).post('/api/properties').set('Authorization', agency.admin.auth).send({ title: 'PH reciclado en Palermo', price: 210000, operation: 'SALE', type: 'PH', zone: 'Palermo' }).expect(201);
    const page = await signedIn(agency.agent);
    await page.getByRole('link', { name: 'Leads' }).click();
    await page.getByLabel('Buscar por nombre, teléfono, correo o DNI').fill('pereyra');
    await page.getByRole('link', { name: 'Julián Pereyra' }).click();
    await page.getByRole('heading', { name: 'Julián Pereyra' }).waitFor();
    await page.getByLabel('Etapa').selectOption('QUALIFIED');
    await expectText(page.getByRole('status'), 'Cambios guardados');
    await page.getByLabel('Nota', { exact: true }).fill('Prefiere visitas por la tarde');
    await page.getByRole('button', { name: 'Agregar nota' }).click();
    await page.locator('.timeline li').filter({ hasText: 'Prefiere visitas por la tarde' }).waitFor();
    await page.locator('.timeline li').filter({ hasText: 'Cambio de etapa' }).waitFor();
    await page.getByRole('button', { name: /^Enviar ficha/ }).first().click();
    await expectText(page.getByRole('alert'), 'Regla de 24 horas de WhatsApp');
    await shoot(page, 'lead');
  });

  it('follows a property card sent from the lead page: says at once when WhatsApp refused it, and when one went out', async () => {
    const phone = '+5491177770097';
    await stack.fake.deliverInbound(number.phoneNumberId, { from: phone.slice(1), name: 'Rocío Ferrari', text: 'Hola, busco casa en Belgrano' });
    const leadId = await eventually(
      async () => (await adminQuery<{ id: string }>(`SELECT id FROM "Lead" WHERE "tenantId" = $1 AND phone = $2`, [agency.tenant.id, phone]))[0]?.id,
      (id) => id !== undefined,
      20_000,
      100,
    );
    await request(api.app).patch(`/api/leads/${leadId}`).set('Authorization', agency.admin.auth).send({ name: 'Rocío Ferrari', searchOperation: 'SALE', searchZone: 'Belgrano' }).expect(200);
    await request(api.app).post('/api/properties').set('Authorization', agency.admin.auth).send({ title: 'Casa con jardín en Belgrano', price: 380000, operation: 'SALE', type: 'HOUSE', zone: 'Belgrano' }).expect(201);
    const page = await signedIn(agency.agent);
    await page.goto(`${web.url}/leads/${leadId}`);
    await page.getByRole('heading', { name: 'Rocío Ferrari' }).waitFor();
    const card = page.getByRole('button', { name: 'Enviar ficha: Casa con jardín en Belgrano' });
    stack.fake.failNext(1, { httpStatus: 400, code: 131026, message: 'Message undeliverable' });
    await card.click();
    const refused = page.getByTestId('send-progress').getByRole('alert');
    await expectText(refused, 'Ficha «Casa con jardín en Belgrano»: No se envió: este número no puede recibir mensajes de WhatsApp. Confirmá el número con el contacto.');
    expect(await refused.textContent()).not.toContain('undeliverable');
    await card.click();
    await expectText(page.getByTestId('send-progress').getByRole('status'), 'Ficha «Casa con jardín en Belgrano» enviada por WhatsApp.');
    expect(stack.fake.sentTo(phone).filter((message) => message.type === 'image' || message.type === 'text')).toHaveLength(1);
    await shoot(page, 'lead-sends');
  }, 60_000);

  it('shows a long lead list a page at a time, the next one on Ver más', async () => {
    const paging = await createStaffedTenant(api.db, 'Muchos leads');
    await seedCampaignLeads(paging.tenant.id, 130, { prefix: '1152', tag: 'paginado' });
    const page = await signedIn(paging.admin);
    await page.getByRole('link', { name: 'Leads' }).click();
    const rows = page.locator('tbody tr');
    await eventually(() => rows.count(), (count) => count === 100);
    await page.getByRole('button', { name: 'Ver más' }).click();
    await eventually(() => rows.count(), (count) => count === 130);
    await page.getByRole('button', { name: 'Ver más' }).waitFor({ state: 'detached' });
  });

  it('connects a WhatsApp number in Settings and shows Meta’s own answer to Probar conexión, success and failure', async () => {
    const page = await signedIn(rival.admin);
    await page.getByRole('link', { name: 'Ajustes' }).click();
    await page.getByRole('link', { name: 'WhatsApp', exact: true }).click();
    const whatsapp = page.locator('#whatsapp');
    await whatsapp.getByLabel('Phone number ID (de Meta)').fill(PROBED_NUMBER.phoneNumberId);
    await whatsapp.getByLabel('Token de acceso').fill(PROBED_NUMBER.accessToken);
    await whatsapp.getByRole('button', { name: 'Guardar' }).click();
    await expectText(whatsapp.getByRole('status'), 'Guardado');
    await whatsapp.getByRole('button', { name: 'Probar conexión' }).click();
    await expectText(whatsapp.getByTestId('probe-result'), 'Conexión correcta: +54 11 4000-0000');
    expect(await page.content()).not.toContain(PROBED_NUMBER.accessToken);

    await whatsapp.getByLabel('Token de acceso').fill('EAAGsomeoneElsesToken000000000000');
    await whatsapp.getByRole('button', { name: 'Guardar' }).click();
    await whatsapp.getByRole('button', { name: 'Probar conexión' }).click();
    await expectText(whatsapp.getByTestId('probe-result'), 'Meta respondió:');
    expect(await whatsapp.getByTestId('probe-result').textContent()).toMatch(/access token/i);
    await page.goto(`${web.url}/settings/health`);
    const health = page.locator('#health').getByTestId('health-WHATSAPP_CLOUD');
    await expectText(health, 'WhatsApp Business (API de Meta) Token rechazado');
    expect(await health.textContent()).toContain('Generá uno nuevo');
    await shoot(page, 'settings');
  });

  it('connects ManyChat as the bot: the key is checked with ManyChat and the flows’ token is shown once', async () => {
    const page = await signedIn(rival.admin);
    await page.goto(`${web.url}/settings/bot`);
    const form = page.getByRole('form', { name: 'ManyChat' });
    await form.getByLabel('Clave de API').fill(MANYCHAT_PAGE.apiKey);
    await form.getByRole('button', { name: 'Guardar' }).click();
    await expectText(form.getByRole('status'), 'X-Astor-Token: ');
    expect(await form.textContent()).toContain(`${api.deps.config.api.publicUrl}/webhooks/manychat`);
    await form.getByRole('button', { name: 'Probar conexión' }).click();
    await expectText(form.getByRole('status'), 'Conexión correcta');
    expect(await page.content()).not.toContain(MANYCHAT_PAGE.apiKey);
    await page.reload();
    await expectText(page.getByRole('form', { name: 'ManyChat' }), 'Los flujos llaman a');
    expect(await page.getByRole('form', { name: 'ManyChat' }).textContent()).not.toMatch(/X-Astor-Token: [0-9a-f-]{36}\./);
  });

  it('lets a superadmin pick an agency, work in it and switch to another', async () => {
    const superadmin = { email: `super-${Date.now()}@astor.test`, password: 'a superadmin password' };
    await api.db.prisma.platformAdmin.create({ data: { email: superadmin.email, name: 'Super', passwordHash: await hashPassword(superadmin.password) } });
    const page = await signedIn(superadmin as Person);
    await expectText(page.getByRole('heading', { level: 1 }), 'Elegí la inmobiliaria en la que vas a trabajar');
    // The platform's agencies are checked in the background: the list appears when that check ends.
    await page.getByTestId(`problems-${rival.tenant.slug}`).filter({ hasText: 'WhatsApp Business (API de Meta): token rechazado desde hace' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: new RegExp(agency.tenant.slug) }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Inicio · Inmobiliaria Sur');
    await page.getByRole('link', { name: 'Campañas' }).click();
    await page.getByRole('link', { name: 'Oportunidades de diciembre' }).click();
    const workflowLink = await page.getByRole('link', { name: 'Ver el flujo en Temporal' }).getAttribute('href');
    expect(workflowLink).toMatch(new RegExp(`^${TEMPORAL_UI}/namespaces/default/workflows/campaign%3A`));
    await page.getByRole('button', { name: 'Cambiar de inmobiliaria' }).click();
    await page.getByRole('button', { name: new RegExp(rival.tenant.slug) }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Inicio · Rival');
  }, 120_000);

  it('keeps agents out of admin pages and another agency out of this one’s campaign', async () => {
    const agent = await signedIn(agency.agent);
    expect(await agent.getByRole('link', { name: 'Campañas' }).count()).toBe(0);
    await agent.goto(`${web.url}/campaigns`);
    await expectText(agent.getByRole('alert'), 'No tenés acceso a esta página.');
    await agent.goto(`${web.url}/settings`);
    await expectText(agent.getByRole('alert'), 'No tenés acceso a esta página.');

    const { body: campaign } = await request(api.app)
      .post('/api/campaigns')
      .set('Authorization', agency.admin.auth)
      .send({ name: 'Sólo de Sur', type: 'FIDELIZACION', audience: {}, content: { kind: 'template', name: 'hola', language: 'es', variables: [] } })
      .expect(201);
    const other = await signedIn(rival.admin);
    await other.goto(`${web.url}/campaigns/${campaign.id}`);
    await expectText(other.getByRole('alert'), 'No encontramos lo que buscabas.');
  });

  it('imports a Spanish spreadsheet of leads: suggested columns, dry run, apply with verification counts, then undo', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'astor-import-')), 'clientes.csv');
    writeFileSync(file, ['Nombre;Apellido;Teléfono;Correo;Etapa', 'Rocío;Benítez;011 15 4700-0001;rocio@example.com;Nuevo', 'Tomás;Acosta;011 15 4700-0002;;Contactado', 'Sin;Número;123;;'].join('\r\n'));
    const page = await signedIn(agency.admin);
    page.on('dialog', (dialog) => void dialog.accept());
    const count = (testId: string, expected: string) => eventually(() => page.getByTestId(testId).textContent(), (text) => text === expected, 30_000, 200, `${testId} shows ${expected}`);
    await page.getByRole('link', { name: 'Ajustes' }).click();
    await page.getByRole('link', { name: 'Importar datos' }).click();
    await page.getByLabel('Archivo (.csv o .xlsx)').setInputFiles(file);
    await page.getByRole('button', { name: 'Leer el archivo' }).click();
    const phone = page.getByLabel('Dato en Astor para la columna «Teléfono»');
    await phone.waitFor();
    expect(await phone.locator('option:checked').textContent()).toBe('Teléfono');
    await shoot(page, 'import-columns');

    await page.getByRole('button', { name: 'Probar importación' }).click();
    await count('planned-rows', '3');
    await count('planned-create', '2');
    await count('planned-refuse', '1');
    await expectText(page.getByRole('cell'), 'no es un teléfono válido');
    await page.getByRole('button', { name: 'Aplicar importación' }).click();
    await count('applied-created', '2');
    await expectText(page.getByTestId('import-status'), 'Aplicada');
    await count('file-rows', '3');
    await shoot(page, 'import-applied');

    await page.getByRole('button', { name: 'Deshacer importación' }).click();
    await expectText(page.getByTestId('import-status'), 'Deshecha');
    await count('undo-undone', '2');
    await count('undo-kept', '0');
  });

  it('fits a 375 px phone: the menu folds away and every main screen renders without sideways scrolling', async () => {
    const page = await signedIn(agency.admin, PHONE);
    for (const [path, name] of [['/', 'dashboard'], ['/inbox', 'inbox'], ['/leads', 'leads'], ['/properties', 'properties'], ['/campaigns', 'campaigns'], ['/campaigns/new', 'campaign-designer'], ['/settings', 'settings']] as const) {
      await page.goto(`${web.url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect([path, await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')]).toEqual([path, true]);
      await shoot(page, name);
    }
    await page.getByRole('button', { name: 'Menú' }).click();
    await page.getByRole('link', { name: 'Propiedades' }).click();
    await page.waitForURL(`${web.url}/properties`);
    const desktop = await signedIn(agency.admin);
    await desktop.goto(`${web.url}/campaigns`);
    await desktop.getByRole('heading', { level: 1 }).waitFor();
    await shoot(desktop, 'campaigns');
  });

  it('speaks Spanish on every main screen (no raw codes, no English words) and creates and edits a lead in forms, naming a duplicate', async () => {
    const { body: property } = await request(api.app)
      .post('/api/properties')
      .set('Authorization', agency.admin.auth)
      .send({ title: 'Departamento luminoso en Belgrano', price: 115000, currency: 'USD', operation: 'SALE', type: 'APARTMENT', zone: 'Belgrano', rooms: 3 })
      .expect(201);
    await seedCampaignLeads(agency.tenant.id, 2, { prefix: '1153', tag: 'idioma' });
    const { body: campaign } = await request(api.app)
      .post('/api/campaigns')
      .set('Authorization', agency.admin.auth)
      .send({ name: 'Novedades en Belgrano', type: 'OPORTUNIDADES', audience: { tags: ['idioma'] }, content: { kind: 'text', body: 'Hola {{lead.firstName|vecino}}, hay novedades en Belgrano' } })
      .expect(201);
    const page = await signedIn(agency.admin);

    await page.goto(`${web.url}/leads`);
    await page.getByText('Nuevo lead').click();
    const newLead = page.getByRole('form', { name: 'Nuevo lead' });
    await newLead.getByLabel('Nombre').fill('Lucía Fernández');
    await newLead.getByLabel('Teléfono').fill('+54 9 11 5123-4567');
    await newLead.getByLabel('Correo electrónico').fill('lucia@');
    await newLead.getByLabel('Tipo de propiedad buscada').selectOption({ label: 'Departamento' });
    await newLead.getByLabel('Operación buscada').selectOption({ label: 'Venta' });
    await newLead.getByLabel('Zona buscada').fill('Belgrano');
    await newLead.getByLabel('Presupuesto máximo').fill('120000');
    await newLead.getByLabel('Moneda').selectOption('USD');
    await newLead.getByLabel('Ambientes mínimos').fill('2');
    await newLead.getByLabel('Etiquetas (separadas por coma)').fill('inversor, belgrano');
    await newLead.getByRole('button', { name: 'Crear' }).click();
    await newLead.locator('input[name="email"][aria-invalid="true"]').waitFor();
    await newLead.getByLabel('Correo electrónico').fill('lucia.fernandez@example.com');
    await newLead.getByRole('button', { name: 'Crear' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lucía Fernández' }).waitFor();
    const leadUrl = page.url();
    await expectText(page.locator('.card'), 'Venta · Departamento · Belgrano');

    await page.goto(`${web.url}/leads`);
    await page.getByText('Nuevo lead').click();
    await newLead.getByLabel('Nombre').fill('Otra Lucía');
    await newLead.getByLabel('Teléfono').fill('11 5123-4567');
    await newLead.getByRole('button', { name: 'Crear' }).click();
    await expectText(page.getByTestId('existing-lead'), 'Ya existe: Lucía Fernández — abrir');
    await page.getByTestId('existing-lead').getByRole('link', { name: 'abrir' }).click();
    await page.waitForURL(leadUrl);

    await page.getByText('Editar datos').click();
    const editLead = page.getByRole('form', { name: 'Editar datos' });
    await editLead.getByLabel('Zona buscada').fill('Núñez');
    await editLead.getByLabel('DNI').fill('30123456');
    await editLead.getByRole('button', { name: 'Guardar' }).click();
    await expectText(page.getByRole('status'), 'Cambios guardados');
    await expectText(page.locator('.card'), 'Venta · Departamento · Núñez');
    await page.locator('.timeline li').filter({ hasText: 'Lead creado' }).waitFor();
    await shoot(page, 'lead-edit');

    const codes = rawEnumCodes();
    // The harness names its staff after their roles ("ADMIN user"): people's names are not codes.
    for (const path of ['/', '/leads', new URL(leadUrl).pathname, '/properties', `/properties/${property.id}`, '/campaigns', `/campaigns/${campaign.id}`, '/inbox', '/settings', '/settings/profile', '/settings/users', '/settings/service', '/settings/automations', '/settings/whatsapp', '/settings/bot', '/settings/voice', '/settings/integrations', '/settings/api-keys', '/settings/data', '/settings/imports', '/settings/health']) {
      await page.goto(`${web.url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await eventually(() => page.getByText('Cargando…').count(), (loading) => loading === 0);
      const text = [agency.owner, agency.admin, agency.agent].reduce((readable, person) => readable.replaceAll(person.name, ''), await page.evaluate<string>(READABLE_TEXT));
      expect({ path, raw: codes.filter((code) => new RegExp(`\\b${code}\\b`).test(text)), english: englishWordsIn(text) }).toEqual({ path, raw: [], english: [] });
    }
  }, 120_000);

  describe('the client address the API sees (audit log, login throttle)', () => {
    const SPOOFED = '203.0.113.9';
    let staff: Staff;
    let direct: Awaited<ReturnType<typeof startWebApp>>;
    beforeAll(async () => {
      staff = await createStaffedTenant(api.db, 'Direcciones');
      // Browsers reach this one directly: it trusts no proxy, as when nothing stands in front of it.
      direct = await startWebApp(apiUrl, { env: { TRUST_PROXY: '10.0.0.0/8' } });
    }, 120_000);
    afterAll(async () => {
      await direct?.stop();
    });

    /** The address the API's audit log records for a lead created through the web app at `webUrl`. */
    async function auditedAddress(webUrl: string, headers: Record<string, string>): Promise<string> {
      const phone = `+549116${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
      const created = await fetch(`${webUrl}/api/leads`, { method: 'POST', headers: { ...headers, authorization: staff.admin.auth, 'content-type': 'application/json' }, body: JSON.stringify({ phone }) });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const audit = await request(api.app).get(`/api/audit-log?entityId=${id}`).set('Authorization', staff.owner.auth).expect(200);
      return (audit.body.items as { ip: string }[])[0]!.ip;
    }

    it('is the peer’s address, not the X-Forwarded-For or Forwarded a browser sends', async () => {
      expect(await auditedAddress(direct.url, { 'x-forwarded-for': SPOOFED, forwarded: `for=${SPOOFED}` })).toBe('127.0.0.1');
    });

    it('is the last hop a trusted proxy reports, and only that one', async () => {
      // `web` runs with the default TRUST_PROXY, loopback: this test stands where a reverse proxy would.
      expect(await auditedAddress(web.url, { 'x-forwarded-for': `${SPOOFED}, 198.51.100.7` })).toBe('198.51.100.7');
    });

    it('lets no browser pick the address the login throttle counts', async () => {
      const email = `nobody-${Math.random().toString(36).slice(2)}@astor.test`;
      const login = (forwardedFor: string) => fetch(`${direct.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ email, password: 'wrong password' }) });
      for (let attempt = 0; attempt < 6; attempt += 1) await login(SPOOFED);
      expect((await login('198.51.100.8')).status).toBe(429);
    });
  });
});

/** What a person reads on the page: its visible text, every choice in its selects, and its labels, titles and placeholders. */
const READABLE_TEXT = `[document.body.innerText, ...Array.from(document.querySelectorAll('option, [aria-label], [title], [placeholder]'), (element) => [element.textContent, element.getAttribute('aria-label'), element.getAttribute('title'), element.getAttribute('placeholder')].join(' '))].join(' ')`;

/** Every value of the database's enums (NEW, APARTMENT, WHATSAPP_CLOUD…), which no Spanish screen should show as is. PH reads the same in Spanish. */
function rawEnumCodes(): string[] {
  const values = Object.values(prismaEnums).flatMap((members) => Object.values(members as Record<string, string>));
  return [...new Set(values)].filter((code) => code !== 'PH');
}

/** Common English words on a Spanish screen; brand names (WhatsApp, ManyChat, ElevenLabs…) carry none of them. */
function englishWordsIn(text: string): string[] {
  const words = ['the', 'and', 'with', 'for', 'from', 'your', 'Loading', 'Save', 'Cancel', 'Delete', 'Search', 'Submit', 'Settings', 'Status', 'Name', 'Sign out', 'Failed', 'Sent', 'Delivered', 'Pending', 'Draft'];
  return words.filter((word) => new RegExp(`(?<![\\p{L}\\p{N}_])${word}(?![\\p{L}\\p{N}_])`, 'u').test(text));
}
