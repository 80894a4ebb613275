import { randomUUID } from 'node:crypto';
import { inboundBody, postSigned } from '../integrations/whatsapp-cloud/testing/fake-webhooks';
import { loadConfig } from '../domain/config';
import { SANDBOX_NUMBER } from './whatsapp-sandbox';

/**
 * A contact writes to the demo agency's sandbox number, as Meta would deliver it:
 * `npm run sandbox:inbound -- +5491155550123 "Hola, ¿sigue disponible?" [name]`.
 */
async function main() {
  const [from, text, name] = process.argv.slice(2);
  if (!from || !text) throw new Error('usage: npm run sandbox:inbound -- <phone in E.164> <text> [name]');
  const config = loadConfig();
  const body = inboundBody(SANDBOX_NUMBER, { from: from.replace(/^\+/, ''), text, name, id: `wamid.sandbox-${randomUUID()}` });
  const status = await postSigned(`${config.api.publicUrl}/webhooks/whatsapp`, body, config.whatsapp.appSecret);
  process.stdout.write(status === 200 ? 'delivered to the demo agency\n' : `the API answered ${status}\n`);
  if (status !== 200) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
