import { Client } from 'pg';
import type { Database } from '../client';
import type { LeadOrigin, LeadStage } from '../generated/client';
import { adminQuery, createTestTenant, openDatabase } from '../../testing/harness';
import { harnessValue } from '../../testing/harness-env';
import { keysetOrderBy } from './keyset';
import { findLeadPage, leadListWhere, type LeadListFilter, type LeadListOrder } from './lead-list';

const NAMES = ['Rocío Sosa', 'rocío sosa pérez', 'ROCÍO QUINTANA', 'Martín Sosa', 'Lucía Pérez', 'Guion_bajo Díaz', 'Cien % Seguro', 'Ro Li'];
const STAGES: LeadStage[] = ['NEW', 'QUALIFIED', 'WON'];
const ORIGINS: LeadOrigin[] = ['LANDING', 'WHATSAPP', 'META_ADS'];

/** 48 leads whose creation times collide in pairs, so pages also break ties by id. */
async function seed(db: Database, tenantId: string) {
  await db.inTenant(tenantId, async (tx) => {
    for (let i = 0; i < 48; i += 1) {
      const at = new Date(Date.UTC(2026, 10, 1) + Math.floor(i / 2) * 60_000);
      await tx.lead.create({
        data: {
          tenantId,
          name: NAMES[i % NAMES.length],
          phone: `+54911500000${String(i).padStart(2, '0')}`,
          stage: STAGES[i % 3],
          origin: ORIGINS[Math.floor(i / 3) % 3],
          tags: i % 4 === 0 ? ['inversor'] : i % 4 === 1 ? ['vip', 'inversor'] : [],
          searchZone: i % 5 === 0 ? 'Palermo' : 'Belgrano',
          createdAt: at,
          updatedAt: new Date(at.getTime() + ((i * 7) % 11) * 3_600_000),
        },
      });
    }
  });
}

describe('findLeadPage', () => {
  let db: Database;
  let tenantId: string;

  beforeAll(async () => {
    db = openDatabase();
    tenantId = (await createTestTenant(db, 'Búsqueda')).id;
    await seed(db, tenantId);
    // Another agency with the same names and phones: none of its leads may ever show up.
    await seed(db, (await createTestTenant(db, 'Vecina')).id);
  });
  afterAll(() => db.disconnect());

  const everyMatch = (filter: LeadListFilter, order: LeadListOrder) =>
    db.inTenant(tenantId, async (tx) => (await tx.lead.findMany({ where: leadListWhere(filter), orderBy: keysetOrderBy(order) })).map((lead) => lead.id));

  async function walk(filter: LeadListFilter, order: LeadListOrder, limit: number) {
    const seen: string[] = [];
    let after: { value: string; id: string } | undefined;
    for (;;) {
      const rows = await findLeadPage(db, tenantId, filter, order, limit, after);
      seen.push(...rows.slice(0, limit).map((lead) => lead.id));
      if (rows.length <= limit) return seen;
      const last = rows[limit - 1]!;
      after = { value: last[order.field].toISOString(), id: last.id };
    }
  }

  const NEWEST: LeadListOrder = { field: 'createdAt', direction: 'desc' };
  const OLDEST_UPDATE: LeadListOrder = { field: 'updatedAt', direction: 'asc' };

  it.each<[string, LeadListFilter, number]>([
    ['a name in another case and accented', { q: 'rocío sosa' }, 12],
    ['a name typed in capitals', { q: 'QUINTANA' }, 6],
    ['the end of a phone number', { q: '150000012' }, 1],
    ['digits inside a phone number', { q: '1150000' }, 48],
    ['a phone number typed with separators', { q: '11 5000-0013' }, 1],
    ['a tag', { tag: 'inversor' }, 24],
    ['stage, zone and tag together', { stage: ['NEW'], zone: 'palermo', tag: 'inversor' }, 2],
    ['free text with an origin', { q: 'sosa', origin: ['META_ADS'] }, 8],
    ['free text within a creation range', { q: 'sosa', createdFrom: new Date(Date.UTC(2026, 10, 1, 0, 10)), createdTo: new Date(Date.UTC(2026, 10, 1, 0, 20)) }, 6],
    ['a tag on unassigned leads', { tag: 'inversor', assignedAgentId: 'none' }, 24],
    ['free text too short for a trigram, with a tag', { q: 'ro', tag: 'vip' }, 6],
    ['a literal underscore inside a word', { q: 'n_b' }, 6],
    ['a literal percent sign', { q: '% seg' }, 6],
  ])('pages through %s exactly as the filter reads, in either order', async (_label, filter, count) => {
    for (const order of [NEWEST, OLDEST_UPDATE]) {
      const expected = await everyMatch(filter, order);
      expect(expected).toHaveLength(count);
      expect(await walk(filter, order, 5)).toEqual(expected);
      expect(await walk(filter, order, 50)).toEqual(expected);
    }
  });

  it('finds rare text beyond the thousand leads it reads first, and common text within them', async () => {
    const large = (await createTestTenant(db, 'Grande')).id;
    await adminQuery(
      `INSERT INTO "Lead" (id, "tenantId", name, phone, "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1, CASE WHEN g % 250 = 0 THEN 'Única Sosa' ELSE 'Lead ' || g END, '+5491170' || lpad(g::text, 6, '0'),
         timestamp '2026-11-01' + g * interval '1 minute', timestamp '2026-11-01' + ((g * 7) % 1300) * interval '1 minute'
       FROM generate_series(0, 1299) AS g`,
      [large],
    );
    for (const [filter, count, limits] of [[{ q: 'sosa' }, 6, [2, 50]], [{ q: 'lead' }, 1294, [100]]] as const) {
      for (const order of [NEWEST, OLDEST_UPDATE]) {
        const expected = await db.inTenant(large, async (tx) => (await tx.lead.findMany({ where: leadListWhere(filter), orderBy: keysetOrderBy(order) })).map((lead) => lead.id));
        expect(expected).toHaveLength(count);
        for (const limit of limits) {
          const seen: string[] = [];
          let after: { value: string; id: string } | undefined;
          for (let more = true; more; ) {
            const rows = await findLeadPage(db, large, filter, order, limit, after);
            seen.push(...rows.slice(0, limit).map((lead) => lead.id));
            more = rows.length > limit;
            if (more) after = { value: rows[limit - 1]![order.field].toISOString(), id: rows[limit - 1]!.id };
          }
          expect(seen).toEqual(expected);
        }
      }
    }
  });

  it('reads a searched page exactly as Prisma reads the same leads, every column', async () => {
    await db.inTenant(tenantId, (tx) =>
      tx.lead.updateMany({
        where: { name: 'Martín Sosa' },
        data: { budgetMin: '125000.50', budgetMax: '99999999999.99', roomsMin: 3, optOut: true, optOutAt: new Date(Date.UTC(2026, 10, 2, 3, 4, 5, 678)), sourceDetails: { form: 'Palermo 2 amb', ad: { id: '42' } }, searchType: 'APARTMENT', searchOperation: 'SALE' },
      }),
    );
    const page = await findLeadPage(db, tenantId, { q: 'sosa' }, NEWEST, 50);
    const prisma = await db.inTenant(tenantId, (tx) => tx.lead.findMany({ where: { id: { in: page.map((lead) => lead.id) } }, orderBy: keysetOrderBy(NEWEST) }));
    expect(page.filter((lead) => lead.budgetMin !== null)).toHaveLength(6);
    expect(page).toEqual(prisma);
  });

  it('answers a search only inside the agency set for the transaction', async () => {
    const client = new Client({ connectionString: harnessValue('appUrl') });
    await client.connect();
    try {
      const search = `SELECT astor_lead_search AS id FROM astor_lead_search(ARRAY['%sosa%'], NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'createdAt', true, NULL, NULL, 10)`;
      await expect(client.query(search)).rejects.toThrow(/app\.tenant_id/);
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const ids = (await client.query<{ id: string }>(search)).rows.map((row) => row.id);
      await client.query('ROLLBACK');
      expect(ids.slice(0, 10)).toEqual((await everyMatch({ q: 'sosa' }, NEWEST)).slice(0, 10));
    } finally {
      await client.end();
    }
  });
});
