import { loadConfig } from '../domain/config';
import { exitOnStartupError } from '../domain/startup';
import { resolveGoBinary, resolveTemporalCli, TEMPORAL_SERVER, TEMPORAL_SQL_TOOL } from '../temporal/go-binaries';

/** Builds (once) the CLI that `npm start` runs, and the server and its SQL tool that the tests and `npm run start:cluster` run. */
async function ensureBinaries(): Promise<void> {
  const log = (line: string) => console.log(line);
  const cliPath = await resolveTemporalCli(loadConfig().temporal.cliPath, log);
  console.log(`Temporal CLI: ${cliPath}`);
  const serverPath = await resolveGoBinary(TEMPORAL_SERVER, process.env.TEMPORAL_SERVER, log);
  console.log(`Temporal server: ${serverPath}`);
  console.log(`Temporal SQL tool: ${await resolveGoBinary(TEMPORAL_SQL_TOOL, process.env.TEMPORAL_SQL_TOOL, log)}`);
}

ensureBinaries().catch(exitOnStartupError);
