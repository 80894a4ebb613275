import { loadConfig } from '../domain/config';
import { parseKeyring, SecretBox } from '../domain/secret-box';
import { exitOnStartupError, requireSetting } from '../domain/startup';
import { createDatabase } from '../prisma/client';
import { rotateSecrets } from '../prisma/repositories/secret-rotation';

/**
 * `npm run secrets:rotate`: put the new key first in ASTOR_SECRETS_KEYS (keeping the old one after
 * it), restart Astor, run this, then drop the old key.
 */
async function main() {
  const config = loadConfig();
  const db = createDatabase(requireSetting(config.database.url, 'DATABASE_URL'), { poolSize: 2 });
  try {
    const { rotated, agencies } = await rotateSecrets(db, new SecretBox(parseKeyring(requireSetting(config.secretsKeys, 'ASTOR_SECRETS_KEYS'))));
    console.log(`re-encrypted ${rotated} secret(s) across ${agencies} agencies with the current key`);
  } finally {
    await db.disconnect();
  }
}

main().catch(exitOnStartupError);
