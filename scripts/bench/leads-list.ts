import type { Database } from '../../prisma/client';
import { findLeadPage, type LeadListFilter, type LeadListOrder } from '../../prisma/repositories/lead-list';
import globalSetup from '../../testing/global-setup';
import globalTeardown from '../../testing/global-teardown';
import { adminQuery, createTestTenant, openDatabase } from '../../testing/harness';
import { harnessValue } from '../../testing/harness-env';
import { Client } from 'pg';
import { ms, percentiles } from './percentiles';
import { seedLeads } from './seed-leads';

/**
 * Seeds many agencies with ≥ 1,000,000 leads and measures the lead list through the API's own
 * query path (findLeadPage: Prisma for plain filters, one raw statement for searches; each in a
 * tenant-scoped RLS transaction), with EXPLAIN plans and two baselines run in the same process: the fixed cost of a tenant transaction, and the same query without indexes.
 * Run: npm run bench:leads  (BENCH_LEADS=1000000 BENCH_RUNS=100)
 */
const TOTAL = Number(process.env.BENCH_LEADS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const NEWEST: LeadListOrder = { field: 'createdAt', direction: 'desc' };

interface Shape {
  name: string;
  filter: LeadListFilter;
  order?: LeadListOrder;
  /** The SQL Prisma issues for this shape, for EXPLAIN and the no-index baseline ($1 = tenant). */
  sql: string;
  /** For shapes that take their candidates from astor_lead_search: the queries it runs, as astor_lookup. */
  search?: string[];
  deep?: boolean;
}

const WHERE = `"tenantId" = $1`;
const PAGE = `ORDER BY "createdAt" DESC, id DESC LIMIT 51`;
const SEARCH = `SELECT id FROM "Lead" WHERE ${WHERE}`;
/**
 * astor_lead_search's steps for text: the probe (the next thousand leads in order, from the covering
 * index; longer walks sized by the matches found follow it, not shown), then, when walks cannot fill
 * the page within 40,000 leads, the trigram index over the whole agency. Other filters are checked
 * on the walks' matches only.
 */
const textSearch = (pattern: string, more = '') => [
  `SELECT nearest.id FROM (SELECT id, "createdAt", "searchText" FROM "Lead" WHERE ${WHERE} ORDER BY "createdAt" DESC, id DESC LIMIT 1000) AS nearest WHERE "searchText" LIKE ANY (ARRAY['${pattern}'])${more ? ` AND EXISTS (SELECT FROM "Lead" WHERE "Lead".id = nearest.id AND "Lead"."tenantId" = $1${more})` : ''} ${PAGE}`,
  `SELECT id FROM "Lead" WHERE ${WHERE} AND "searchText" LIKE ANY (ARRAY['${pattern}'])${more} ${PAGE}`,
];

function shapes(agentId: string, deep: { value: string; id: string }): Shape[] {
  return [
    { name: 'newest first', filter: {}, sql: `SELECT * FROM "Lead" WHERE ${WHERE} ${PAGE}` },
    { name: 'page 20 (cursor)', filter: {}, deep: true, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND ("createdAt" < '${deep.value}' OR ("createdAt" = '${deep.value}' AND id < '${deep.id}')) ${PAGE}` },
    { name: 'stage', filter: { stage: ['QUALIFIED'] }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND stage = 'QUALIFIED' ${PAGE}` },
    { name: 'origin', filter: { origin: ['META_ADS'] }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND origin = 'META_ADS' ${PAGE}` },
    { name: 'tag', filter: { tag: 'vip' }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND tags @> ARRAY['vip'] ${PAGE}`, search: [`${SEARCH} AND tags @> ARRAY['vip'] ${PAGE}`] },
    { name: 'zone', filter: { zone: 'palermo' }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND "searchZoneKey" = 'palermo' ${PAGE}` },
    { name: 'assigned agent', filter: { assignedAgentId: agentId }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND "assignedAgentId" = '${agentId}' ${PAGE}` },
    { name: 'unassigned', filter: { assignedAgentId: 'none' }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND "assignedAgentId" IS NULL ${PAGE}` },
    { name: 'created last 30 days', filter: { createdFrom: new Date(Date.now() - 30 * 86_400_000) }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND "createdAt" >= now() - interval '30 days' ${PAGE}` },
    { name: 'free text: name', filter: { q: 'rocío sosa' }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND "searchText" LIKE '%rocío sosa%' ${PAGE}`, search: textSearch('%rocío sosa%') },
    { name: 'free text: phone digits', filter: { q: '0012345' }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND "searchText" LIKE '%0012345%' ${PAGE}`, search: textSearch('%0012345%') },
    { name: 'free text: common name', filter: { q: 'pérez' }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND "searchText" LIKE '%pérez%' ${PAGE}`, search: textSearch('%pérez%') },
    { name: 'free text + origin', filter: { q: 'rocío sosa', origin: ['LANDING'] }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND "searchText" LIKE '%rocío sosa%' AND origin = 'LANDING' ${PAGE}`, search: textSearch('%rocío sosa%', ` AND origin = 'LANDING'`) },
    // Palermo, not Belgrano: the seed derives zone, stage and tag from one number, and Belgrano's
    // leads are never NEW, so that filter matched no lead (1 lead in 150 matches this one).
    { name: 'stage+zone+tag', filter: { stage: ['NEW'], zone: 'Palermo', tag: 'inversor' }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} AND stage = 'NEW' AND "searchZoneKey" = 'palermo' AND tags @> ARRAY['inversor'] ${PAGE}`, search: [`${SEARCH} AND tags @> ARRAY['inversor'] AND "searchZoneKey" = 'palermo' AND stage = 'NEW' ${PAGE}`] },
    { name: 'updated, oldest first', filter: {}, order: { field: 'updatedAt', direction: 'asc' }, sql: `SELECT * FROM "Lead" WHERE ${WHERE} ORDER BY "updatedAt" ASC, id ASC LIMIT 51` },
  ];
}

async function time(work: () => Promise<unknown>, runs: number, warmup = Math.min(10, runs)): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function cursorAtPage(db: Database, tenantId: string, page: number) {
  let after: { value: string; id: string } | undefined;
  for (let i = 0; i < page; i += 1) {
    const rows = await findLeadPage(db, tenantId, {}, NEWEST, 50, after);
    const last = rows[49]!;
    after = { value: last.createdAt.toISOString(), id: last.id };
  }
  return after;
}

async function appRoleQuery(tenantId: string, sql: string, settings: string[] = [], url = harnessValue('appUrl')): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    for (const setting of settings) await client.query(setting);
    const rows = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [tenantId]);
    await client.query('ROLLBACK');
    return rows.rows.map((row) => row['QUERY PLAN']);
  } finally {
    await client.end();
  }
}

const executionMs = (plan: string[]) => Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN);

async function seed(db: Database): Promise<{ big: string; small: string; agentOfBig: string }> {
  const sizes = [Math.round(TOTAL * 0.4), ...Array.from({ length: 4 }, () => Math.round(TOTAL * 0.1))];
  const rest = TOTAL - sizes.reduce((a, b) => a + b, 0);
  sizes.push(...Array.from({ length: 35 }, (_, i) => Math.floor(rest / 35) + (i < rest % 35 ? 1 : 0)));
  const tenants: { id: string; agents: string[] }[] = [];
  let done = 0;
  const started = performance.now();
  for (const [index, size] of sizes.entries()) {
    const tenant = await createTestTenant(db, `Agency ${index}`);
    const agents = await db.inTenant(tenant.id, (tx) =>
      Promise.all(Array.from({ length: 10 }, (_, i) => tx.user.create({ data: { tenantId: tenant.id, email: `agent${i}@bench.test`, name: `Agente ${i}`, passwordHash: 'x', role: 'AGENT' } }))),
    );
    await seedLeads(tenant.id, agents.map((agent) => agent.id), size, (n) => {
      if (n % 100_000 === 0 || n === size) process.stdout.write(`\r  seeded ${(done + n).toLocaleString('en')} leads`);
    });
    done += size;
    tenants.push({ id: tenant.id, agents: agents.map((agent) => agent.id) });
  }
  // As autovacuum leaves a table in steady state: statistics, and the visibility map that lets the
  // covering indexes answer without visiting the table (a fresh bulk load has none yet).
  await adminQuery('VACUUM ANALYZE "Lead"');
  console.log(`\n  ${sizes.length} agencies, ${done.toLocaleString('en')} leads in ${((performance.now() - started) / 1000).toFixed(0)} s (largest ${sizes[0]!.toLocaleString('en')}, smallest ${Math.min(...sizes).toLocaleString('en')})`);
  return { big: tenants[0]!.id, small: tenants[tenants.length - 1]!.id, agentOfBig: tenants[0]!.agents[0]! };
}

async function main() {
  console.log('starting PostgreSQL…');
  await globalSetup();
  const db = openDatabase();
  try {
    const { big, small, agentOfBig } = await seed(db);
    const overhead = percentiles(await time(() => db.inTenant(big, (tx) => tx.$queryRaw`SELECT 1`), RUNS));
    console.log(`\nbaseline: an empty tenant transaction (BEGIN, set app.tenant_id, SELECT 1, COMMIT) p50 ${ms(overhead.p50)}\n`);
    console.log('shape                     agency   p50        p95        p99        rows  p50/empty-tx');
    const deepCursor = (await cursorAtPage(db, big, 20))!;
    for (const shape of shapes(agentOfBig, deepCursor)) {
      for (const [label, tenantId] of [['largest', big], ['small', small]] as const) {
        const after = shape.deep && tenantId === big ? deepCursor : undefined;
        let rows = 0;
        const stats = percentiles(
          await time(async () => {
            rows = (await findLeadPage(db, tenantId, shape.filter, shape.order ?? NEWEST, 50, after)).length;
          }, RUNS),
        );
        console.log(`${shape.name.padEnd(25)} ${label.padEnd(8)} ${ms(stats.p50).padEnd(10)} ${ms(stats.p95).padEnd(10)} ${ms(stats.p99).padEnd(10)} ${String(Math.min(rows, 50)).padEnd(5)} ${(stats.p50 / overhead.p50).toFixed(1)}x`);
      }
    }
    console.log('\nplans on the largest agency (as the application role, RLS on), and what the indexes buy:');
    for (const shape of shapes(agentOfBig, deepCursor)) {
      const plan = await appRoleQuery(big, shape.sql);
      const noIndex = await appRoleQuery(big, shape.sql, ['SET LOCAL enable_indexscan = off', 'SET LOCAL enable_bitmapscan = off', 'SET LOCAL enable_indexonlyscan = off']);
      const seqScan = plan.some((line) => /Seq Scan on "Lead"/.test(line));
      console.log(`\n■ ${shape.name}: ${executionMs(plan).toFixed(2)} ms with indexes, ${executionMs(noIndex).toFixed(1)} ms without (${(executionMs(noIndex) / executionMs(plan)).toFixed(0)}x)${seqScan ? '  ⚠ SEQUENTIAL SCAN' : ''}`);
      for (const line of plan.filter((line) => /Scan|Sort|Limit|Index Cond|Recheck|Filter/.test(line)).slice(0, 6)) console.log(`    ${line.trim()}`);
      for (const [step, sql] of (shape.search ?? []).entries()) {
        const search = await appRoleQuery(big, sql, ['SET LOCAL ROLE astor_lookup'], harnessValue('adminUrl'));
        const rows = /actual time=\S+ rows=([\d.]+)/.exec(search[0] ?? '')?.[1];
        console.log(`  what the API runs instead, step ${step + 1}: astor_lead_search's query (as astor_lookup) ${executionMs(search).toFixed(2)} ms, ${rows} rows`);
        for (const line of search.filter((line) => /Scan|Sort|Limit|Index Cond|Recheck|Filter/.test(line)).slice(0, 8)) console.log(`    ${line.trim()}`);
      }
      if (shape.search) console.log('  with the page\'s rows joined in the same statement, as astor_app under RLS');
    }
  } finally {
    await db.disconnect();
    await globalTeardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
