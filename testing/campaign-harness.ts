import { adminQuery } from './harness';

/**
 * Inserts `count` WhatsApp leads for a tenant in one statement (phones `+549<prefix><serial>`,
 * tagged `tag`), as a CRM full of leads would have them.
 */
export async function seedCampaignLeads(tenantId: string, count: number, options: { prefix: string; tag: string; url?: string }): Promise<void> {
  await adminQuery(
    `INSERT INTO "Lead" (id, "tenantId", name, phone, origin, stage, tags, "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, 'Cliente ' || i, '+549' || $2 || lpad(i::text, 10 - length($2), '0'), 'WHATSAPP', 'NEW', ARRAY[$3], now()
     FROM generate_series(1, $4::int) AS i`,
    [tenantId, options.prefix, options.tag, count],
    options.url,
  );
}

