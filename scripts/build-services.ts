/** `npm run build:services`: the API, the worker and the workflow bundle, for images that run them on plain node (Dockerfile). */
import { buildServices, buildWorkflowBundle } from './service-build';

async function main() {
  const [scripts, workflows] = await Promise.all([buildServices(), buildWorkflowBundle()]);
  process.stdout.write(`api: ${scripts.api}\nworker: ${scripts.worker}\nworkflow bundle: ${workflows}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
