import type { Database } from '../../prisma/client';
import { phoneOfWhatsAppId } from '../../domain/phone';
import { adminQuery, createTestTenant } from '../../testing/harness';
import { configureWhatsAppChannel } from '../../testing/whatsapp-harness';
import { APP_SECRET, CONTACTS_PER_AGENCY, contactWaId, type Agency } from './webhook-traffic';

/** The assistant of every agency: greets a new contact and answers the FAQ's question, as in the webhook tests. */
const ASSISTANT = { name: 'Bot', greeting: '¡Hola! ¿Comprar o alquilar?', handoffKeywords: ['asesor'], faq: [{ question: 'horario', answer: 'De 9 a 18.' }] };

/** An agency with its own WhatsApp number and its bot on (the tenant's settings keep botEnabled). */
async function createAgency(db: Database, index: number): Promise<Agency> {
  const tenant = await createTestTenant(db, `Bench ${index}`);
  const number = await configureWhatsAppChannel(db, tenant.id, APP_SECRET);
  await db.inTenant(tenant.id, (tx) => tx.assistant.create({ data: { tenantId: tenant.id, ...ASSISTANT } }));
  return { index, tenantId: tenant.id, number };
}

export async function createAgencies(db: Database, count: number): Promise<Agency[]> {
  const agencies: Agency[] = [];
  for (let index = 0; index < count; index += 1) agencies.push(await createAgency(db, index));
  return agencies;
}

/** The agency's contacts in the form the edge write keeps them (canonical phones), checked against the product's own normalisation. */
function contactPhones(agency: number): string[] {
  return Array.from({ length: CONTACTS_PER_AGENCY }, (_, contact) => {
    const waId = contactWaId(agency, contact);
    const phone = phoneOfWhatsAppId(waId);
    if (phone !== `+${waId}`) throw new Error(`bench contact ${waId} normalises to ${phone}; pick another numbering`);
    return phone;
  });
}

/**
 * As the schema owner, in one statement per agency: a lead and an open bot conversation per
 * contact, and `messages` outbound messages already handed to WhatsApp (QUEUED or SENT, with their
 * provider ids and callback keys: see seededProviderId), message j to contact j mod 100.
 */
export async function seedAgencyHistory(agency: Agency, messages: number): Promise<void> {
  await adminQuery(
    `WITH contacts AS (
       SELECT (n - 1)::int AS c, phone FROM unnest($2::text[]) WITH ORDINALITY AS u(phone, n)
     ), leads AS (
       INSERT INTO "Lead" (id, "tenantId", name, phone, origin, "lastContactAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, 'Contacto ' || c, phone, 'WHATSAPP', astor_utc_now(), astor_utc_now(), astor_utc_now() FROM contacts
       RETURNING id, phone
     ), conversations AS (
       INSERT INTO "Conversation" (id, "tenantId", "leadId", channel, contact, "botActive", "lastMessageAt", "openedAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, l.id, 'WHATSAPP_CLOUD', l.phone, true, astor_utc_now(), astor_utc_now(), astor_utc_now(), astor_utc_now() FROM leads l
       RETURNING id, "leadId", contact
     )
     INSERT INTO "Message" (id, "tenantId", "conversationId", "leadId", direction, type, channel, body, "providerMessageId", "idempotencyKey", status, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, cv.id, cv."leadId", 'OUTBOUND', 'TEXT', 'WHATSAPP_CLOUD', 'Te paso las novedades de la semana',
            'wamid.seed.' || $3::int || '.' || j, 'seed:' || $3::int || ':' || j, (CASE WHEN j % 2 = 0 THEN 'QUEUED' ELSE 'SENT' END)::"MessageStatus",
            astor_utc_now(), astor_utc_now()
     FROM generate_series(0, $4::int - 1) AS j
     JOIN contacts ct ON ct.c = j % ${CONTACTS_PER_AGENCY}
     JOIN conversations cv ON cv.contact = ct.phone`,
    [agency.tenantId, contactPhones(agency.index), agency.index, messages],
  );
}
