import type { Database } from '../prisma/client';
import { integrationState } from '../domain/integration-state';
import { createTestTenant, openDatabase, testConfig, testSecretBox } from '../testing/harness';
import { configureWhatsAppChannel } from '../testing/whatsapp-harness';
import { createMediaLinks } from './media-store/media-links';
import { createChannelRegistry, type ChannelRegistry } from './channel-registry';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from './whatsapp-cloud/testing/fake-server';

describe("the agency's channel keeps its integration's health in step with real sends", () => {
  let db: Database;
  let fake: FakeWhatsAppCloud;
  let registry: ChannelRegistry;
  let tenantId: string;
  const send = async () => (await registry.forTenant(tenantId)).send('+5491155550123', { kind: 'text', body: 'Hola' }, { callbackData: `k-${Math.random()}` });
  const integration = () => db.inTenant(tenantId, (tx) => tx.tenantIntegration.findFirstOrThrow({ where: { provider: 'WHATSAPP_CLOUD' } }));
  const state = async () => integrationState(await integration(), new Date());

  beforeAll(async () => {
    db = openDatabase();
    tenantId = (await createTestTenant(db, 'Observed')).id;
    const number = await configureWhatsAppChannel(db, tenantId, 'app-secret-for-tests');
    fake = await startFakeWhatsAppCloud({ numbers: [number], statuses: [] });
    const config = testConfig();
    registry = createChannelRegistry({ db, secrets: testSecretBox(), whatsapp: { ...config.whatsapp, graphUrl: fake.baseUrl }, botPlatforms: config.botPlatforms, mediaLinks: createMediaLinks(config) });
  });
  afterAll(async () => {
    await fake.stop();
    await db.disconnect();
  });

  it('starts untested, and a send that Meta accepts makes it connected', async () => {
    expect(await state()).toBe('UNTESTED');
    await send();
    expect(await state()).toBe('CONNECTED');
    expect((await integration()).health).toBe('HEALTHY');
  });

  it('writes a success at most once a minute, so a campaign is not one extra write per message', async () => {
    const { lastSuccessAt } = await integration();
    await send();
    await send();
    expect((await integration()).lastSuccessAt).toEqual(lastSuccessAt);
  });

  it("says rate limited while Meta's limit refuses sends, without calling the token bad", async () => {
    fake.failNext(1, { httpStatus: 400, code: 130429, message: 'Rate limit hit' });
    await expect(send()).rejects.toThrow();
    expect(await state()).toBe('RATE_LIMITED');
    expect(await integration()).toMatchObject({ health: 'HEALTHY', lastErrorCategory: 'rate_limit' });
  });

  it("ignores a failure that is about one recipient, not the integration", async () => {
    const before = await integration();
    fake.failNext(1, { httpStatus: 400, code: 131026, message: 'Message undeliverable' });
    await expect(send()).rejects.toThrow();
    expect((await integration()).lastErrorAt).toEqual(before.lastErrorAt);
  });

  it('says token refused when Meta refuses the token, with its words, and connected again once a send works', async () => {
    fake.failNext(1, { httpStatus: 401, code: 190, message: 'Error validating access token: Session has expired' });
    await expect(send()).rejects.toThrow();
    expect(await state()).toBe('TOKEN_REFUSED');
    expect(await integration()).toMatchObject({ health: 'UNHEALTHY', lastErrorCategory: 'auth', lastError: expect.stringContaining('Session has expired') });
    await send();
    expect(await state()).toBe('CONNECTED');
  });
});
