import request from 'supertest';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

const SPOOFED = '203.0.113.9';
const phone = () => `+549116${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/** The address the audit log records for a lead created with X-Forwarded-For: SPOOFED. */
async function auditedAddress(api: TestApi): Promise<string> {
  const staff = await createStaffedTenant(api.db, 'Direcciones');
  const lead = await request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).set('X-Forwarded-For', SPOOFED).send({ phone: phone() }).expect(201);
  const audit = await request(api.app).get(`/api/audit-log?entityId=${lead.body.id as string}`).set('Authorization', staff.owner.auth).expect(200);
  return (audit.body.items as { ip: string }[])[0]!.ip;
}

/** Whether a sign-in from `address` is slowed after an (account, address) pair failed six times from SPOOFED. */
async function throttledFrom(api: TestApi, address: string): Promise<boolean> {
  const email = `nobody-${Math.random().toString(36).slice(2)}@astor.test`;
  for (let attempt = 0; attempt < 6; attempt += 1) await request(api.app).post('/api/auth/login').set('X-Forwarded-For', SPOOFED).send({ email, password: 'wrong password' });
  const next = await request(api.app).post('/api/auth/login').set('X-Forwarded-For', address).send({ email, password: 'wrong password' });
  return next.status === 429;
}

describe.each([
  ['an untrusted peer', '10.0.0.0/8', false],
  ['a peer TRUST_PROXY names', 'loopback', true],
])('X-Forwarded-For from %s', (_peer, trustProxy, honoured) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { TRUST_PROXY: trustProxy } });
  });
  afterAll(async () => {
    await api.close();
  });

  it(honoured ? 'is the address the audit log records' : 'does not change the address the audit log records', async () => {
    const address = await auditedAddress(api);
    if (honoured) expect(address).toBe(SPOOFED);
    else expect(address).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });

  it(honoured ? 'is the address the login throttle counts' : 'does not let a client pick the address the login throttle counts', async () => {
    expect(await throttledFrom(api, '198.51.100.7')).toBe(!honoured);
  });
});
