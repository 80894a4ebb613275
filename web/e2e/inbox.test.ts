import type { Page } from 'playwright-core';
import request from 'supertest';
import { DESKTOP, PHONE } from '../../testing/browser';
import { expectText, startBrowserStack, type BrowserStack, type Person } from '../../testing/browser-stack';
import { eventually } from '../../testing/eventually';
import { adminQuery } from '../../testing/harness';

type Row = { id: string; status: string; assigneeId: string | null; botActive: boolean; workflowId: string | null };

const LONG_WORD = 'https://www.inmobiliaria-sur.example/propiedades/departamento-tres-ambientes-palermo-soho-con-balcon';
const CONTACTS = {
  agentChat: { from: '5491188880001', name: 'Lucía Pérez', text: `Hola, vi este depto: ${LONG_WORD} ¿sigue disponible?` },
  adminChat: { from: '5491188880002', name: 'Martín Sosa', text: 'Buenas, ¿tienen algo en Belgrano?' },
  agentBot: { from: '5491188880003', name: 'Carla Ruiz', text: 'Hola, quiero alquilar' },
  adminBot: { from: '5491188880004', name: 'Diego Luna', text: 'Hola, busco un PH' },
};

/** The agency's inbox in a real browser: an agent on a phone, an admin on a desktop. */
describe('the live inbox in headless Chromium', () => {
  let platform: BrowserStack;

  const conversationOf = async (from: string) =>
    (await adminQuery<Row>(`SELECT id, status, "assigneeId", "botActive", "workflowId" FROM "Conversation" WHERE "tenantId" = $1 AND contact = $2 ORDER BY "createdAt" DESC`, [platform.agency.tenant.id, `+${from}`]))[0];
  /** A contact writes in; answers once its conversation's workflow has taken the message up. */
  async function writesIn(contact: { from: string; name: string; text: string }): Promise<Row> {
    await platform.stack.fake.deliverInbound(platform.number.phoneNumberId, contact);
    return (await eventually(() => conversationOf(contact.from), (row) => Boolean(row?.workflowId), 20_000, 100))!;
  }
  const noSidewaysScroll = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

  async function openInbox(person: Person, viewport: typeof DESKTOP): Promise<Page> {
    const page = await platform.signedIn(person, viewport);
    await page.goto(`${platform.web.url}/inbox`);
    await page.getByRole('tab', { name: 'Mías' }).waitFor();
    return page;
  }

  async function closeAndExpectReopening(page: Page, person: Person, conversationId: string, { from, name }: { from: string; name: string }): Promise<void> {
    const firstName = name.split(' ')[0]!;
    await request(platform.api.app).post(`/api/conversations/${conversationId}/close`).set('Authorization', person.auth).expect(200);
    await eventually(() => conversationOf(from), (row) => row?.status === 'CLOSED', 15_000, 100);
    const chat = page.locator('section.chat');
    await expectText(chat.locator('.badge'), 'Cerrada');
    await chat.getByText('Esta conversación está cerrada.', { exact: false }).waitFor();
    expect(await chat.getByLabel('Respuesta').count()).toBe(0);
    await platform.shoot(page, 'inbox-closed');
    // The approved template's {{1}} starts as the lead's first name, as its mapping renders it for this lead.
    await chat.getByLabel('Plantilla', { exact: true }).selectOption('seguimiento/es_AR');
    await eventually(() => chat.getByLabel('Valor de {{1}}').inputValue(), (value) => value === firstName, 15_000, 100);
    await chat.getByRole('button', { name: 'Reabrir con plantilla' }).click();
    await eventually(() => conversationOf(from), (row) => row?.status === 'OPEN' && row.assigneeId === person.id, 15_000, 100);
    await chat.getByLabel('Respuesta').waitFor();
    expect(await chat.locator('.badge').filter({ hasText: 'Cerrada' }).count()).toBe(0);
    await eventually(async () => platform.stack.fake.sentTo(`+${from}`), (sent) => sent.some((message) => JSON.stringify(message.body).includes('seguimiento') && JSON.stringify(message.body).includes(firstName)), 15_000, 100);
  }

  async function takeOverFromBot(page: Page, person: Person, contact: { from: string; name: string; text: string }): Promise<void> {
    await page.getByRole('tab', { name: 'Con el bot' }).click();
    await page.getByRole('button', { name: new RegExp(contact.name) }).click({ timeout: 20_000 });
    const chat = page.locator('section.chat');
    await chat.getByText(contact.text).waitFor();
    await chat.getByRole('button', { name: 'Tomar conversación' }).waitFor();
    expect(await chat.getByLabel('Respuesta').count()).toBe(0);
    await platform.shoot(page, 'inbox-bot');
    await chat.getByRole('button', { name: 'Tomar conversación' }).click();
    await chat.getByLabel('Respuesta').waitFor();
    expect(await conversationOf(contact.from)).toMatchObject({ botActive: false, assigneeId: person.id, status: 'OPEN' });
  }

  beforeAll(async () => {
    platform = await startBrowserStack();
    const { agency, api } = platform;
    await api.db.inTenant(agency.tenant.id, (tx) =>
      tx.whatsAppTemplate.create({
        data: { tenantId: agency.tenant.id, name: 'seguimiento', language: 'es_AR', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hola {{1}}, ¿seguís buscando?' }], variables: [{ kind: 'field', field: 'lead.firstName' }] },
      }),
    );
    // Without an assistant these two wait for a person; with one, the next two are the bot's.
    await writesIn(CONTACTS.agentChat);
    await writesIn(CONTACTS.adminChat);
    await api.db.inTenant(agency.tenant.id, (tx) => tx.assistant.create({ data: { tenantId: agency.tenant.id, name: 'Bot', greeting: '¡Hola! Soy el asistente de Inmobiliaria Sur.', handoffKeywords: ['asesor'] } }));
    for (const contact of [CONTACTS.agentBot, CONTACTS.adminBot]) expect(await writesIn(contact)).toMatchObject({ botActive: true, assigneeId: null });
  }, 600_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it('on a phone: the list fills the screen, a chat opens full screen and goes back; closed and bot conversations', async () => {
    const { agency } = platform;
    const page = await openInbox(agency.agent, PHONE);
    await page.getByRole('tab', { name: 'Sin asignar' }).click();
    const row = page.getByRole('button', { name: new RegExp(CONTACTS.agentChat.name) });
    await row.waitFor({ timeout: 20_000 });
    expect((await row.boundingBox())!.width).toBeGreaterThan(PHONE.width * 0.85);
    await platform.shoot(page, 'inbox-list');

    await row.click();
    await page.waitForURL(/\/inbox\?c=/);
    const chat = page.locator('section.chat');
    await chat.getByText('¿sigue disponible?', { exact: false }).waitFor();
    expect(await page.locator('.inbox-list').isVisible()).toBe(false);
    const box = (await chat.boundingBox())!;
    expect(box.width).toBeGreaterThan(PHONE.width - 20);
    expect(await noSidewaysScroll(page)).toBe(true);
    await chat.getByRole('button', { name: 'Tomar' }).click();
    await chat.getByLabel('Respuesta').fill('¡Hola Lucía! Sí, sigue disponible.');
    await chat.getByRole('button', { name: 'Enviar' }).click();
    await chat.locator('.bubble.out').filter({ hasText: 'sigue disponible' }).waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);
    await platform.shoot(page, 'inbox-chat');

    await chat.getByRole('button', { name: 'Volver a la lista' }).click();
    await page.waitForURL((url) => !url.searchParams.has('c'));
    await page.getByRole('tab', { name: 'Mías' }).click();
    await page.getByRole('button', { name: new RegExp(CONTACTS.agentChat.name) }).click();
    await chat.getByText('¿sigue disponible?', { exact: false }).waitFor();
    // The phone's own back button returns to the list too.
    await page.goBack();
    await page.locator('.inbox-list').waitFor();
    expect(await page.locator('section.chat').count()).toBe(0);

    await page.getByRole('button', { name: new RegExp(CONTACTS.agentChat.name) }).click();
    await closeAndExpectReopening(page, agency.agent, (await conversationOf(CONTACTS.agentChat.from))!.id, CONTACTS.agentChat);
    await chat.getByRole('button', { name: 'Volver a la lista' }).click();
    await page.waitForURL((url) => !url.searchParams.has('c'));
    await takeOverFromBot(page, agency.agent, CONTACTS.agentBot);
    expect(await noSidewaysScroll(page)).toBe(true);
  }, 120_000);

  it('on a desktop: list and chat side by side; an admin sees closed conversations and takes one over from the bot', async () => {
    const { agency } = platform;
    const page = await openInbox(agency.admin, DESKTOP);
    await page.getByRole('tab', { name: 'Sin asignar' }).click();
    await page.getByRole('button', { name: new RegExp(CONTACTS.adminChat.name) }).click({ timeout: 20_000 });
    const chat = page.locator('section.chat');
    await chat.getByText(CONTACTS.adminChat.text).waitFor();
    expect(await page.locator('.inbox-list').isVisible()).toBe(true);
    const [list, opened] = [(await page.locator('.inbox-list').boundingBox())!, (await chat.boundingBox())!];
    expect(opened.x).toBeGreaterThan(list.x + list.width - 1);
    await platform.shoot(page, 'inbox-list');
    await chat.getByRole('button', { name: 'Tomar' }).click();
    await chat.getByLabel('Respuesta').waitFor();
    await platform.shoot(page, 'inbox-chat');

    const conversation = (await conversationOf(CONTACTS.adminChat.from))!;
    await closeAndExpectReopening(page, agency.admin, conversation.id, CONTACTS.adminChat);
    await request(platform.api.app).post(`/api/conversations/${conversation.id}/close`).set('Authorization', agency.admin.auth).expect(200);
    await eventually(() => conversationOf(CONTACTS.adminChat.from), (row) => row?.status === 'CLOSED', 15_000, 100);
    await page.getByRole('tab', { name: 'Cerradas' }).click();
    await expectText(page.getByRole('button', { name: new RegExp(CONTACTS.adminChat.name) }).locator('.badge'), 'Cerrada');
    // The lists answer the keyboard as WAI-ARIA tabs do: an arrow moves to the next (Radix moves the focus in a timeout), Enter opens it.
    await page.keyboard.press('ArrowLeft');
    await eventually(() => page.evaluate<string>('document.activeElement.textContent'), (focused) => focused === 'Todas', 5_000, 50);
    await page.keyboard.press('Enter');
    await eventually(() => page.getByRole('tab', { name: 'Todas' }).getAttribute('aria-selected'), (selected) => selected === 'true', 5_000, 100);

    await takeOverFromBot(page, agency.admin, CONTACTS.adminBot);
  }, 120_000);
});
