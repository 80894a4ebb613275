/**
 * The API and the worker as plain JavaScript for node, bundled from their TypeScript in a second or
 * two: `npm start` and the benchmarks run these, so no service carries tsx's compiler and hooks.
 * Packages stay in node_modules; only the project's own modules are bundled.
 */
import { build, type Plugin } from 'esbuild';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');

/** Inside the project, so the bundles find node_modules as the sources do. */
export const SERVICE_BUILD_DIR = path.join(root, '.build', 'services');

export const SERVICE_ENTRIES = { api: 'api/index.ts', worker: 'temporal/worker-main.ts' } as const;
export type ServiceName = keyof typeof SERVICE_ENTRIES;

/**
 * How node runs a built service: stack traces point into the TypeScript sources. Both old spaces are
 * capped: under webhook load their heaps are mostly garbage, which V8 lets pile up while memory is
 * plentiful (README, "On memory"). The worker's cap holds for its workflow thread too, and fits the
 * largest files an import reads (services/imports/largest-files.worker.test.ts). The worker's young
 * generation is kept small as well (4 MB semi-spaces, 16 by default): about 40 MB less RSS at 1,000
 * webhooks/s, for a drain a few per cent slower (README, "The newest full bench").
 */
export const SERVICE_NODE_ARGS: Record<ServiceName, readonly string[]> = {
  api: ['--enable-source-maps', '--max-old-space-size=192'],
  worker: ['--enable-source-maps', '--max-old-space-size=192', '--max-semi-space-size=4'],
};

/** Each module keeps its own `__dirname` (files beside it: common passwords, SQL routines, Prisma's client), not the bundle's. */
const ownDirname: Plugin = {
  name: 'own-dirname',
  setup(context) {
    context.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('__dirname')) return undefined;
      return { contents: `const __dirname = ${JSON.stringify(path.dirname(args.path))};\n${source}`, loader: 'ts' };
    });
  },
};

/** Builds both services (with source maps); answers each one's script. */
export async function buildServices(outDir = SERVICE_BUILD_DIR): Promise<Record<ServiceName, string>> {
  await build({
    entryPoints: Object.values(SERVICE_ENTRIES).map((entry) => path.join(root, entry)),
    outbase: root,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'error',
    plugins: [ownDirname],
  });
  return { api: serviceScript(outDir, 'api'), worker: serviceScript(outDir, 'worker') };
}

/** Where `buildServices(outDir)` puts a service's script. */
export const serviceScript = (outDir: string, service: ServiceName): string => path.join(outDir, SERVICE_ENTRIES[service].replace(/\.ts$/, '.js'));

/**
 * The workflow code as an untraced worker runs it (WORKFLOW_BUNDLE_PATH), made by
 * `npm run build:services`: a worker that bundles it at start loads webpack and keeps about 130 MB more.
 */
export const WORKFLOW_BUNDLE = path.join(SERVICE_BUILD_DIR, 'workflows.js');

/** `npm run build:services` in a process of its own, so a long-lived caller (npm start) does not keep esbuild's and webpack's memory. */
export async function buildServicesApart(): Promise<Record<ServiceName, string>> {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'build-services.ts')], { cwd: root });
  return { api: serviceScript(SERVICE_BUILD_DIR, 'api'), worker: serviceScript(SERVICE_BUILD_DIR, 'worker') };
}
