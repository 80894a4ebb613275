import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, newWindow, PHONE } from './browser';
import { createStaffedTenant, startTestApi, type TestApi } from './api-harness';
import { configureWhatsAppChannel, startWhatsAppStack, type TestNumber } from './whatsapp-harness';
import { screenshotPath, startWebApp } from './web-app';

type Staff = Awaited<ReturnType<typeof createStaffedTenant>>;
export type Person = Staff['admin'];

/**
 * The whole platform for a browser suite: the web app's production build, API, worker, Temporal,
 * PostgreSQL and a fake Graph API, with an agency whose number is connected and a rival agency.
 * `env` adds API settings (provider base URLs, TEMPORAL_UI_URL…).
 */
export async function startBrowserStack(options: { env?: NodeJS.ProcessEnv } = {}) {
  const api: TestApi = await startTestApi({ env: options.env });
  const [agency, rival] = [await createStaffedTenant(api.db, 'Inmobiliaria Sur'), await createStaffedTenant(api.db, 'Rival')];
  const number: TestNumber = await configureWhatsAppChannel(api.db, agency.tenant.id, 'astor-development-app-secret');
  const stack = await startWhatsAppStack(api, [number], { statuses: ['sent', 'delivered'] });
  const apiUrl = stack.webhookUrl.replace(/\/webhooks\/whatsapp$/, '');
  const web = await startWebApp(apiUrl);
  const browser: Browser = await launchBrowser();
  const windows: BrowserContext[] = [];

  /** A fresh browser window signed in as `person`, on the dashboard. */
  async function signedIn(person: Person, viewport = DESKTOP): Promise<Page> {
    const window = await newWindow(browser, viewport);
    windows.push(window);
    const page = await window.newPage();
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Correo electrónico').fill(person.email);
    await page.getByLabel('Contraseña').fill(person.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL(`${web.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return page;
  }

  /** `artifacts/screenshots/<name>-<desktop|mobile>.png`, the whole page. */
  async function shoot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: screenshotPath(`${name}-${page.viewportSize()!.width <= PHONE.width ? 'mobile' : 'desktop'}`), fullPage: true });
  }

  async function stop(): Promise<void> {
    await Promise.all(windows.map((window) => window.close()));
    await browser.close();
    await web.stop();
    await stack.stop();
    await api.close();
  }

  return { api, agency, rival, number, stack, apiUrl, web, browser, windows, signedIn, shoot, stop };
}

export type BrowserStack = Awaited<ReturnType<typeof startBrowserStack>>;

/** Waits (15 s at most) for an element of `locator` that contains `text`. */
export async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
}
