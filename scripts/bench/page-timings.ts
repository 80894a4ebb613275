import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../domain/config';
import { DEMO_CREDENTIALS } from '../../prisma/seed';
import { stopProcess } from '../../temporal/server-process';
import { DESKTOP, launchBrowser, newWindow } from '../../testing/browser';

/**
 * Time to usable for every page of the web app right after `npm start` (issue 19: each within 1 s),
 * on a first visit (a fresh browser: nothing cached) and a second one (same browser, again). A page
 * is usable when its heading shows and nothing on it says "Cargando…". The baseline in the same run
 * is `npm run dev` (the web app compiled on demand), unless BENCH_PAGES_BASELINE=none.
 *
 * Run: npm run bench:pages (the platform's ports must be free: it starts the platform itself, twice).
 */
const root = path.resolve(__dirname, '../..');
const config = loadConfig();
const webUrl = `http://localhost:${config.web.port}`;
const BUDGET_MS = 1_000;
const log = (line: string) => process.stdout.write(`${line}\n`);

type Mode = 'start' | 'dev';
type Timing = { path: string; first: number; second: number };

async function answers(url: string): Promise<boolean> {
  return fetch(url).then((response) => response.ok, () => false);
}

async function startPlatform(mode: Mode): Promise<ChildProcess> {
  if (await answers(`${webUrl}/login`)) throw new Error(`${webUrl} already answers: stop the running platform first`);
  const args = [require.resolve('tsx/cli'), 'scripts/start.ts', ...(mode === 'dev' ? ['--dev'] : [])];
  const child = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 20 * 60_000;
  while (!(await answers(`${config.api.publicUrl}/readyz`)) || !(await answers(`${webUrl}/login`))) {
    if (child.exitCode !== null) throw new Error(`npm ${mode === 'dev' ? 'run dev' : 'start'} exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the platform did not start within 20 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return child;
}

/** Milliseconds from asking for `url` to its heading showing with nothing left loading. */
async function timeToUsable(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 120_000 });
  await page.waitForFunction("!document.body.innerText.includes('Cargando…')", undefined, { timeout: 120_000, polling: 20 });
  return Math.round(performance.now() - started);
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${webUrl}/login`);
  await page.getByLabel('Correo electrónico').fill(DEMO_CREDENTIALS.admin.email);
  await page.getByLabel('Contraseña').fill(DEMO_CREDENTIALS.admin.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL(`${webUrl}/`);
}

/** Every page an admin reaches: the main ones, one of each detail page, and every Settings sub-page linked from Settings. */
async function pagesOf(page: Page): Promise<string[]> {
  const firstId = (resource: string) => page.evaluate(async (url) => ((await (await fetch(url)).json()) as { items: { id: string }[] }).items[0]?.id, `/api/${resource}?limit=1`);
  const [lead, property, campaign] = [await firstId('leads'), await firstId('properties'), await firstId('campaigns')];
  await page.goto(`${webUrl}/settings`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const settings = await page.evaluate<string[]>(`[...new Set(Array.from(document.querySelectorAll('main a[href^="/settings/"]'), (link) => new URL(link.href).pathname))]`);
  const details = [lead && `/leads/${lead}`, property && `/properties/${property}`, campaign && `/campaigns/${campaign}`].filter((path): path is string => Boolean(path));
  return ['/', '/inbox', '/leads', '/properties', '/campaigns', '/campaigns/new', ...details, '/settings', ...settings.filter((path) => !/^\/settings\/imports\/./.test(path))];
}

/** Visits every page twice right after start; the login is not timed. */
async function measure(browser: Browser, paths?: string[]): Promise<Timing[]> {
  const window = await newWindow(browser, DESKTOP);
  const page = await window.newPage();
  await signIn(page);
  const visited = paths ?? (await pagesOf(page));
  const timings: Timing[] = [];
  for (const pagePath of visited) timings.push({ path: pagePath, first: await timeToUsable(page, `${webUrl}${pagePath}`), second: 0 });
  for (const timing of timings) timing.second = await timeToUsable(page, `${webUrl}${timing.path}`);
  await window.close();
  return timings;
}

async function run(mode: Mode, paths?: string[]): Promise<Timing[]> {
  const started = performance.now();
  const platform = await startPlatform(mode);
  log(`npm ${mode === 'dev' ? 'run dev' : 'start'}: ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const browser = await launchBrowser();
  try {
    return await measure(browser, paths);
  } finally {
    await browser.close();
    await stopProcess(platform, 30_000);
  }
}

function table(production: Timing[], baseline?: Timing[]): string {
  const rows = production.map(({ path: pagePath, first, second }) => {
    const dev = baseline?.find((timing) => timing.path === pagePath);
    const verdict = Math.max(first, second) <= BUDGET_MS ? 'yes' : 'NO';
    return `| ${pagePath} | ${first} | ${second} | ${verdict} |${dev ? ` ${dev.first} | ${dev.second} | ${(dev.first / Math.max(first, 1)).toFixed(1)}× |` : ''}`;
  });
  const head = `| page | first visit (ms) | second visit (ms) | within ${BUDGET_MS} ms |${baseline ? ' npm run dev first (ms) | dev second (ms) | dev/start, first |' : ''}`;
  const rule = `|---|---:|---:|---|${baseline ? '---:|---:|---:|' : ''}`;
  return [head, rule, ...rows].join('\n');
}

async function main() {
  const production = await run('start');
  const baseline = process.env.BENCH_PAGES_BASELINE === 'none' ? undefined : await run('dev', production.map((timing) => timing.path));
  log(`\nTime to usable after start, as the demo admin at ${DESKTOP.width} px (${new Date().toISOString().slice(0, 10)}):\n`);
  log(table(production, baseline));
  const slow = production.filter((timing) => Math.max(timing.first, timing.second) > BUDGET_MS);
  log(`\n${production.length - slow.length} of ${production.length} pages usable within ${BUDGET_MS} ms on both visits.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
