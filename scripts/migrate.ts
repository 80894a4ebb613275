import { loadConfig } from '../domain/config';
import { exitOnStartupError } from '../domain/startup';
import { provisionDatabase } from '../prisma/provision';

/** Applies migrations to DATABASE_ADMIN_URL (or the embedded database) and checks the app role. */
async function main() {
  const database = await provisionDatabase(loadConfig(), () => undefined);
  await database.stop();
  console.log('migrations applied');
}

main().catch(exitOnStartupError);
