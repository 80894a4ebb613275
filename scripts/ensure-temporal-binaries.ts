import { loadConfig } from '../domain/config';
import { exitOnStartupError } from '../domain/startup';
import { resolveGoBinary, resolveTemporalCli, TEMPORAL_SERVER } from '../temporal/go-binaries';

/** Builds (once) the CLI that `npm start` runs and the server that the time-skipping tests run. */
async function ensureBinaries(): Promise<void> {
  const log = (line: string) => console.log(line);
  const cliPath = await resolveTemporalCli(loadConfig().temporal.cliPath, log);
  console.log(`Temporal CLI: ${cliPath}`);
  const serverPath = await resolveGoBinary(TEMPORAL_SERVER, process.env.TEMPORAL_SERVER, log);
  console.log(`Temporal server: ${serverPath}`);
}

ensureBinaries().catch(exitOnStartupError);
