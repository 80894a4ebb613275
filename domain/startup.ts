import { ConfigError } from './config';

/** Start-up failures end the process with one line naming the problem, not a stack trace. */
export function exitOnStartupError(error: unknown): never {
  const message = error instanceof ConfigError ? error.message : `Start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export function requireSetting<T>(value: T | undefined, variable: string): T {
  if (value === undefined) throw new ConfigError(`Invalid configuration: ${variable} is required for this process`);
  return value;
}
