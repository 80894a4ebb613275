import { loadConfig } from '../domain/config';
import { exitOnStartupError } from '../domain/startup';
import { resolveTemporalCli } from '../temporal/cli';

resolveTemporalCli(loadConfig().temporal.cliPath, (line) => console.log(line))
  .then((cliPath) => console.log(`Temporal CLI: ${cliPath}`))
  .catch(exitOnStartupError);
