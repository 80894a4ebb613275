import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/astor');
    expect(config.database.url).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.dataDir).toBe('/srv/astor/.data');
    expect(config.api.port).toBe(4000);
    expect(config.temporal.namespace).toBe('default');
  });

  it('keeps the owner connection apart from the application connection', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://app@db:5432/astor', DATABASE_ADMIN_URL: 'postgresql://owner@db:5432/astor' });
    expect(config.database).toMatchObject({ url: 'postgresql://app@db:5432/astor', adminUrl: 'postgresql://owner@db:5432/astor' });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://root@localhost/astor' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ TEMPORAL_ADDRESS: 'http://temporal:7233' }, 'TEMPORAL_ADDRESS'],
    [{ API_PORT: '99999' }, 'API_PORT'],
    [{ TEMPORAL_TLS: 'maybe' }, 'TEMPORAL_TLS'],
    [{ TEMPORAL_TLS_CERT_PATH: '/tls/client.pem' }, 'TEMPORAL_TLS_KEY_PATH'],
    [{ NODE_ENV: 'production' }, 'ASTOR_SECRETS_KEYS'],
    [{ NODE_ENV: 'production', ASTOR_SECRETS_KEYS: 'k1:AAAA' }, 'WHATSAPP_APP_SECRET'],
    [{ ASTOR_SECRETS_KEYS: 'no key id' }, 'ASTOR_SECRETS_KEYS'],
    [{ WHATSAPP_GRAPH_VERSION: '21' }, 'WHATSAPP_GRAPH_VERSION'],
  ])('refuses %j with one line naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).not.toContain('\n');
  });

  it('enables TLS for Temporal Cloud API keys', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key' });
    expect(config.temporal.tls).toBeDefined();
    expect(config.temporal.apiKey).toBe('key');
  });
});
