import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureWebBuild } from '../scripts/web-build';
import { freePort } from './free-port';

const root = path.resolve(__dirname, '..');
const webDir = path.join(root, 'web');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

/**
 * The production build of the web app, served by its own server (web/server.ts) on a free port,
 * talking to the API at `apiUrl`; `options.env` adds settings such as TRUST_PROXY.
 */
export async function startWebApp(apiUrl: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ url: string; stop(): Promise<void> }> {
  await ensureWebBuild();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '--port', String(port), '--hostname', '127.0.0.1'], { cwd: webDir, env: { ...env, ...options.env, ASTOR_API_URL: apiUrl }, stdio: ['ignore', 'ignore', 'pipe'] });
  // Its last words, for a start that fails (kept short: the stream is read for as long as it runs).
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${url}/login`).then((response) => response.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`the web app exited with code ${child.exitCode}: ${errors}`);
    if (Date.now() > deadline) throw new Error('the web app did not start');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Screenshots are CI artifacts: `artifacts/screenshots/<screen>-<desktop|mobile>.png`. */
const SCREENSHOTS_DIR = path.join(root, 'artifacts', 'screenshots');
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return path.join(SCREENSHOTS_DIR, `${name}.png`);
}
