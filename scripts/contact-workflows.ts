import { loadConfig } from '../domain/config';
import { exitOnStartupError, requireSetting } from '../domain/startup';
import { SEARCH_ATTRIBUTES, workflowIds } from '../domain/temporal-contracts';
import { createDatabase } from '../prisma/client';
import { contactKeysFromDatabase } from '../temporal/contact-keys';

/**
 * `npm run contact:workflows -- <agency slug> <contact>`: where a contact's workflows are in Temporal.
 * Ids and search attributes carry the contact's key, not the number, so support staff compute it here.
 * The contact is written as stored: E.164 (`+5491130000001`) on WhatsApp, the platform's id on ManyChat and UChat.
 */
async function main() {
  const [slug, contact] = process.argv.slice(2);
  if (!slug || !contact) throw new Error('usage: npm run contact:workflows -- <agency slug> <contact>');
  const config = loadConfig();
  const db = createDatabase(requireSetting(config.database.url, 'DATABASE_URL'), { poolSize: 1 });
  try {
    const tenant = await db.prisma.tenant.findUnique({ where: { slug }, select: { id: true } });
    if (!tenant) throw new Error(`No agency "${slug}"`);
    const key = await contactKeysFromDatabase(db).of(tenant.id, contact);
    console.log(`contact key:    ${key}`);
    console.log(`search:         ${SEARCH_ATTRIBUTES.tenantId} = "${tenant.id}" AND ${SEARCH_ATTRIBUTES.entityId} = "${key}"`);
    console.log(`lead intake:    ${workflowIds.leadIntake(tenant.id, key)}`);
    for (const channel of ['WHATSAPP_CLOUD', 'WHATSAPP_WEB', 'MANYCHAT', 'UCHAT']) console.log(`conversation:   ${workflowIds.conversation(tenant.id, channel, key)}`);
  } finally {
    await db.disconnect();
  }
}

main().catch(exitOnStartupError);
