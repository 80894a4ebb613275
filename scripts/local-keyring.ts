import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateKey } from '../domain/secret-box';

/**
 * The keyring for provider secrets when none is configured (development only): created once under
 * the data directory and reused, so secrets saved yesterday still decrypt today.
 */
export function localKeyring(dataDir: string): string {
  const file = path.join(dataDir, 'secrets.keyring');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const keyring = `local-${new Date().toISOString().slice(0, 10)}:${generateKey()}`;
  writeFileSync(file, `${keyring}\n`, { mode: 0o600 });
  return keyring;
}
