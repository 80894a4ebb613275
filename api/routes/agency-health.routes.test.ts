import request from 'supertest';
import type { Prisma } from '../../prisma/generated/client';
import { createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

describe('health an admin can act on', () => {
  let api: TestApi;
  let troubled: Awaited<ReturnType<typeof createStaffedTenant>>;
  let calm: Awaited<ReturnType<typeof createStaffedTenant>>;
  let platform: string;

  async function seedMessages(tenantId: string, rows: Omit<Prisma.MessageCreateManyInput, 'tenantId' | 'leadId' | 'type' | 'channel'>[]) {
    await api.db.inTenant(tenantId, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId, phone: `+54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } });
      await tx.message.createMany({ data: rows.map((row) => ({ tenantId, leadId: lead.id, type: 'TEXT' as const, channel: 'WHATSAPP_CLOUD' as const, ...row })) });
    });
  }

  beforeAll(async () => {
    api = await startTestApi();
    [troubled, calm] = [await createStaffedTenant(api.db, 'Con problemas'), await createStaffedTenant(api.db, 'Tranquila')];
    platform = await platformBearer(api.db);
    const now = Date.now();
    // Troubled: three messages an hour, every hour of the last week, until three hours ago; then nothing.
    const inbound = Array.from({ length: 7 * 72 }, (_, i) => ({ direction: 'INBOUND' as const, status: 'RECEIVED' as const, createdAt: new Date(now - 3 * HOUR - i * 20 * 60_000) }));
    // Its last 8 sends an hour ago: accepted by Meta, never confirmed; 6 of 20 sends this hour failed.
    const unconfirmed = Array.from({ length: 8 }, (_, i) => ({ direction: 'OUTBOUND' as const, status: 'SENT' as const, providerMessageId: `wamid.silent-${troubled.tenant.id}-${i}`, sendAttemptedAt: new Date(now - HOUR) }));
    const recent = Array.from({ length: 20 }, (_, i) => ({ direction: 'OUTBOUND' as const, status: i < 6 ? ('FAILED' as const) : ('DELIVERED' as const), createdAt: new Date(now - 10 * 60_000) }));
    await seedMessages(troubled.tenant.id, [...inbound, ...unconfirmed, ...recent]);
    await api.db.inTenant(troubled.tenant.id, async (tx) => {
      await tx.tenantIntegration.create({ data: { tenantId: troubled.tenant.id, provider: 'ELEVENLABS', encryptedConfig: 'x', keyId: 'k', health: 'UNHEALTHY', lastSuccessAt: new Date(now - DAY), lastErrorAt: new Date(now - HOUR), lastErrorCategory: 'auth', lastError: 'elevenlabs: Invalid API key' } });
      await tx.outbox.create({ data: { tenantId: troubled.tenant.id, kind: 'test.backlog', payload: {}, createdAt: new Date(now - 5 * 60_000), availableAt: new Date(now + DAY) } });
    });
    // Calm: the same week of messages, the last one a minute ago, every send confirmed.
    await seedMessages(calm.tenant.id, inbound.map((row) => ({ ...row, createdAt: new Date(row.createdAt.getTime() + 3 * HOUR - 60_000) })));
  });
  afterAll(async () => {
    await api.db.inTenant(troubled.tenant.id, (tx) => tx.outbox.deleteMany({ where: { kind: 'test.backlog' } }));
    await api.close();
  });

  it("tells an agency admin which integration refused its key, and that messages and statuses stopped coming", async () => {
    const { body } = await request(api.app).get('/api/tenant/health').set('Authorization', troubled.admin.auth).expect(200);
    expect(body.integrations).toEqual([expect.objectContaining({ provider: 'ELEVENLABS', state: 'TOKEN_REFUSED', lastErrorCategory: 'auth', lastError: 'elevenlabs: Invalid API key' })]);
    expect(body.inbound).toMatchObject({ silentMinutes: 180, unusual: true });
    expect(body.inbound.usual).toBeGreaterThanOrEqual(8);
    expect(body.statuses).toMatchObject({ unconfirmed: 8, stalled: true });
  });

  it('shows the same warnings on the dashboard, and none for an agency whose traffic is as usual', async () => {
    const troubledDashboard = await request(api.app).get('/api/dashboard').set('Authorization', troubled.agent.auth).expect(200);
    expect(troubledDashboard.body.health).toMatchObject({ inbound: { unusual: true }, statuses: { stalled: true } });
    const calmDashboard = await request(api.app).get('/api/dashboard').set('Authorization', calm.agent.auth).expect(200);
    expect(calmDashboard.body.health).toMatchObject({ integrations: [], inbound: { silentMinutes: 1, unusual: false }, statuses: { stalled: false } });
  });

  it('keeps agency health to managers, and each agency to its own', async () => {
    await request(api.app).get('/api/tenant/health').set('Authorization', troubled.agent.auth).expect(403);
    const { body } = await request(api.app).get('/api/tenant/health').set('Authorization', calm.owner.auth).expect(200);
    expect(body.integrations).toEqual([]);
  });

  it('lists the troubled agency for platform admins with each problem, and leaves the calm one out, checked in the background', async () => {
    const first = await request(api.app).get('/api/platform/problems').set('Authorization', platform).expect(200);
    expect(first.body).toEqual({ checkedAt: null, agencies: [] });
    const body = await eventually(
      async () => (await request(api.app).get('/api/platform/problems').set('Authorization', platform).expect(200)).body as { checkedAt: string | null; agencies: { id: string; problems: { kind: string }[] }[] },
      (answer) => answer.checkedAt !== null,
      60_000,
      200,
    );
    const listed = body.agencies.find((agency) => agency.id === troubled.tenant.id)!;
    expect(listed.problems.map((problem) => problem.kind)).toEqual(['token_refused', 'failing_sends', 'backlog', 'inbound_silence', 'statuses_stalled']);
    expect(listed.problems).toContainEqual(expect.objectContaining({ kind: 'failing_sends', count: 6, total: 28 }));
    expect(listed.problems).toContainEqual(expect.objectContaining({ kind: 'token_refused', subject: 'ELEVENLABS' }));
    expect(body.agencies.some((agency) => agency.id === calm.tenant.id)).toBe(false);
    await request(api.app).get('/api/platform/problems').set('Authorization', troubled.owner.auth).expect(403);
  });
});
