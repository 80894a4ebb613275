/** `npm run build:services`: the API, the worker and their workflow bundle in `.build/services`, to run on plain node (npm start, the Dockerfile). */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflows } from '../temporal/worker';
import { buildServices, WORKFLOW_BUNDLE } from './service-build';

async function buildWorkflowBundle(): Promise<void> {
  const { code } = await bundleWorkflows();
  await mkdir(path.dirname(WORKFLOW_BUNDLE), { recursive: true });
  // Renamed into place: a worker starting meanwhile reads the previous bundle or this one, never half of one.
  await writeFile(`${WORKFLOW_BUNDLE}.${process.pid}`, code);
  await rename(`${WORKFLOW_BUNDLE}.${process.pid}`, WORKFLOW_BUNDLE);
}

async function main() {
  const [scripts] = await Promise.all([buildServices(), buildWorkflowBundle()]);
  process.stdout.write(`api: ${scripts.api}\nworker: ${scripts.worker}\nworkflow bundle: ${WORKFLOW_BUNDLE}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
