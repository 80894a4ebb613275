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

  it('trusts the loopback proxy by default, and exactly the proxies or hop count TRUST_PROXY names', () => {
    expect(loadConfig({}).api.trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::1' }).api.trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
    expect(loadConfig({ TRUST_PROXY: '2' }).api.trustProxy).toBe(2);
  });

  it('knows the web app origin, by default on WEB_PORT', () => {
    expect(loadConfig({ WEB_PORT: '3100' }).web.publicUrl).toBe('http://localhost:3100');
    expect(loadConfig({ PUBLIC_WEB_URL: 'https://crm.example.com' }).web.publicUrl).toBe('https://crm.example.com');
  });

  it('bounds how long a request waits on Temporal: 8 s unless TEMPORAL_REQUEST_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({}).temporal.requestTimeoutMs).toBe(8_000);
    expect(loadConfig({ TEMPORAL_REQUEST_TIMEOUT_MS: '2500' }).temporal.requestTimeoutMs).toBe(2_500);
    expect(() => loadConfig({ TEMPORAL_REQUEST_TIMEOUT_MS: '0' })).toThrow('TEMPORAL_REQUEST_TIMEOUT_MS');
  });

  it('keeps 200 workflows in the worker cache unless TEMPORAL_WORKER_CACHED_WORKFLOWS says otherwise', () => {
    expect(loadConfig({}).temporal.cachedWorkflows).toBe(200);
    expect(loadConfig({ TEMPORAL_WORKER_CACHED_WORKFLOWS: '2000' }).temporal.cachedWorkflows).toBe(2_000);
    expect(() => loadConfig({ TEMPORAL_WORKER_CACHED_WORKFLOWS: '0' })).toThrow('TEMPORAL_WORKER_CACHED_WORKFLOWS');
  });

  it('fails answers that break their response schema outside production, and only logs them in production unless told otherwise', () => {
    const production = { NODE_ENV: 'production', ASTOR_SECRETS_KEYS: 'k1:AAAA', WHATSAPP_APP_SECRET: 'production-app-secret', WHATSAPP_VERIFY_TOKEN: 'production-token' };
    expect(loadConfig({}).responseCheck).toBe('reject');
    expect(loadConfig({ NODE_ENV: 'test' }).responseCheck).toBe('reject');
    expect(loadConfig(production).responseCheck).toBe('log');
    expect(loadConfig({ ...production, ASTOR_RESPONSE_CHECK: 'reject' }).responseCheck).toBe('reject');
    expect(() => loadConfig({ ASTOR_RESPONSE_CHECK: 'off' })).toThrow('ASTOR_RESPONSE_CHECK');
  });

  it('serves no metrics unless a port is set, on loopback unless METRICS_HOST says otherwise, never on the API port', () => {
    expect(loadConfig({}).metrics).toEqual({ host: '127.0.0.1', apiPort: undefined, workerPort: undefined, temporalSdkPort: undefined, token: undefined });
    const set = loadConfig({ METRICS_PORT: '9464', WORKER_METRICS_PORT: '9470', TEMPORAL_SDK_METRICS_PORT: '9471', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: 'a-scrape-token-1234' }).metrics;
    expect(set).toEqual({ host: '0.0.0.0', apiPort: 9464, workerPort: 9470, temporalSdkPort: 9471, token: 'a-scrape-token-1234' });
    expect(loadConfig({ METRICS_HOST: 'metrics.internal' }).metrics.host).toBe('metrics.internal');
    expect(loadConfig({ METRICS_HOST: '::1' }).metrics.host).toBe('::1');
    expect(() => loadConfig({ METRICS_HOST: 'http://x' })).toThrow('METRICS_HOST');
    expect(() => loadConfig({ METRICS_PORT: '4000' })).toThrow('METRICS_PORT must differ from API_PORT');
    expect(() => loadConfig({ WORKER_METRICS_PORT: '9470', TEMPORAL_SDK_METRICS_PORT: '9470' })).toThrow('TEMPORAL_SDK_METRICS_PORT');
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN');
  });

  it('keeps a share of new traces and adds workflow spans only when asked', () => {
    expect(loadConfig({ OTEL_TRACES_SAMPLER_ARG: '0.25', OTEL_WORKFLOW_SPANS: 'true' }).tracing).toMatchObject({ sampleRatio: 0.25, workflowSpans: true });
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow('OTEL_TRACES_SAMPLER_ARG');
  });

  it('traces only when OTEL_EXPORTER_OTLP_ENDPOINT names an http(s) collector, under OTEL_SERVICE_NAME when given', () => {
    expect(loadConfig({}).tracing).toEqual({ otlpEndpoint: undefined, serviceName: undefined, sampleRatio: 1, workflowSpans: false });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_SERVICE_NAME: 'astor-api-eu' }).tracing).toEqual({ otlpEndpoint: 'http://otel-collector:4318', serviceName: 'astor-api-eu', sampleRatio: 1, workflowSpans: false });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://otel-collector:4317' })).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL');
    expect(() => loadConfig({ OTEL_SERVICE_NAME: 'astor api' })).toThrow('OTEL_SERVICE_NAME');
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
    [{ ASTOR_S3_ENDPOINT: 'https://s3.example.com', ASTOR_S3_BUCKET: 'audio' }, 'ASTOR_S3_REGION'],
    [{ ASTOR_S3_BUCKET: 'Not_A_Bucket' }, 'ASTOR_S3_BUCKET'],
    [{ ASTOR_MEDIA_URL_SECRET: 'short' }, 'ASTOR_MEDIA_URL_SECRET'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'loopback, 10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'TRUST_PROXY'],
    [{ PUBLIC_WEB_URL: 'crm.example.com' }, 'PUBLIC_WEB_URL'],
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

  it('keeps audio in an S3-compatible bucket only when every ASTOR_S3_* setting is given', () => {
    const s3 = { ASTOR_S3_ENDPOINT: 'http://minio:9000', ASTOR_S3_BUCKET: 'astor-audio', ASTOR_S3_REGION: 'us-east-1', ASTOR_S3_ACCESS_KEY_ID: 'minio', ASTOR_S3_SECRET_ACCESS_KEY: 'minio-secret', ASTOR_S3_PATH_STYLE: 'true' };
    expect(loadConfig(s3).s3).toEqual({ endpoint: 'http://minio:9000', bucket: 'astor-audio', region: 'us-east-1', accessKeyId: 'minio', secretAccessKey: 'minio-secret', pathStyle: true });
    expect(loadConfig({}).s3).toBeUndefined();
  });

  it('signs media links with their own secret, else one derived from the secrets keyring', () => {
    expect(loadConfig({ ASTOR_MEDIA_URL_SECRET: 'm'.repeat(32) }).mediaLinks.secret).toBe('m'.repeat(32));
    const [a, b] = [loadConfig({ ASTOR_SECRETS_KEYS: 'k1:AAAA' }), loadConfig({ ASTOR_SECRETS_KEYS: 'k1:BBBB' })];
    expect(a.mediaLinks.secret).not.toBe(b.mediaLinks.secret);
    expect(a.mediaLinks.secret).not.toContain('AAAA');
    expect(loadConfig({}).mediaLinks.secret).toBe('astor-development-media-url-secret');
  });

  it('signs list cursors with a secret of their own, derived from the secrets keyring', () => {
    const [a, b] = [loadConfig({ ASTOR_SECRETS_KEYS: 'k1:AAAA' }), loadConfig({ ASTOR_SECRETS_KEYS: 'k1:BBBB' })];
    expect(a.cursors.secret).not.toBe(b.cursors.secret);
    expect(a.cursors.secret).not.toBe(a.mediaLinks.secret);
    expect(a.cursors.secret).not.toContain('AAAA');
    expect(loadConfig({}).cursors.secret).toBe('astor-development-cursor-secret');
  });

  it('enables TLS for Temporal Cloud API keys', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key' });
    expect(config.temporal.tls).toBeDefined();
    expect(config.temporal.apiKey).toBe('key');
  });
});
