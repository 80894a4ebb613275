import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { trustProxySetting } from './trust-proxy';

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a postgresql://user@host:port/database URL');

const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const listenHost = z.string().refine((value) => isIP(value) !== 0 || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value), 'must be an IP address or a host name');
const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. temporal.example.com:7233');

/** Workflows a worker keeps in memory unless TEMPORAL_WORKER_CACHED_WORKFLOWS says otherwise (see temporal/worker.ts). */
export const DEFAULT_CACHED_WORKFLOWS = 200;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  ASTOR_DATA_DIR: z.string().min(1).default('.data'),

  DATABASE_URL: postgresUrl.optional(),
  DATABASE_ADMIN_URL: postgresUrl.optional(),
  DATABASE_APP_ROLE_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  EMBEDDED_PG_PORT: port.default(54329),

  TEMPORAL_ADDRESS: hostPort.optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('astor'),
  TEMPORAL_WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_CACHED_WORKFLOWS),
  TEMPORAL_TLS: flag.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_UI_URL: z.url().optional(),
  TEMPORAL_CLI: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_DEV_UI_PORT: port.default(8233),
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  TEMPORAL_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8_000),

  API_PORT: port.default(4000),
  WEB_PORT: port.default(3000),
  PUBLIC_WEB_URL: z.url().optional(),
  TRUST_PROXY: trustProxySetting.default(['loopback']),
  PUBLIC_API_URL: z.url().optional(),
  BASE_DOMAIN: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name such as astor.example.com').optional(),

  ASTOR_SECRETS_KEYS: z.string().regex(/^[\w-]+:[A-Za-z0-9+/=_-]+(,[\w-]+:[A-Za-z0-9+/=_-]+)*$/, 'must be keyId:base64key[,keyId:base64key…]').optional(),
  WHATSAPP_GRAPH_URL: z.url().default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v21.0').default('v21.0'),
  WHATSAPP_APP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  ELEVENLABS_API_URL: z.url().default('https://api.elevenlabs.io'),
  ASTOR_S3_ENDPOINT: z.url().optional(),
  ASTOR_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)').optional(),
  ASTOR_S3_REGION: z.string().regex(/^[a-z0-9-]+$/, 'must be a region name such as us-east-1').optional(),
  ASTOR_S3_ACCESS_KEY_ID: z.string().min(3).optional(),
  ASTOR_S3_SECRET_ACCESS_KEY: z.string().min(8, 'must be at least 8 characters').optional(),
  ASTOR_S3_PATH_STYLE: flag.default(false),
  ASTOR_MEDIA_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  WHATSAPP_WEB_BRIDGE_URL: z.url().default('http://localhost:3100'),
  WHATSAPP_WEB_BRIDGE_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  MANYCHAT_API_URL: z.url().default('https://api.manychat.com'),
  ASTOR_OUTBOX_RELAY: flag.default(true),
  WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Meta's rolling window for the messaging limit; shorter only so tests can see it roll. */
  MESSAGING_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(86_400),
  UCHAT_API_URL: z.url().default('https://www.uchat.com.au/api'),
  ASTOR_RESPONSE_CHECK: z.enum(['reject', 'log']).optional(),

  METRICS_HOST: listenHost.default('127.0.0.1'),
  METRICS_PORT: port.optional(),
  WORKER_METRICS_PORT: port.optional(),
  TEMPORAL_SDK_METRICS_PORT: port.optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),

  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of an OTLP/HTTP collector, e.g. http://otel-collector:4318' }).optional(),
  OTEL_SERVICE_NAME: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores').optional(),
  /** The share of new traces kept (OpenTelemetry's parent-based trace id ratio): a trace started elsewhere keeps its caller's choice. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** Spans inside workflows too (costly: see temporal/worker.ts); without them the trace still runs from the API to the activities. */
  OTEL_WORKFLOW_SPANS: flag.default(false),
});

/** Development-only values so `npm start` works without a Meta app; production must set its own. */
const DEVELOPMENT_DEFAULTS = {
  WHATSAPP_APP_SECRET: 'astor-development-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'astor-development-verify-token',
  ASTOR_MEDIA_URL_SECRET: 'astor-development-media-url-secret',
} as const;
const DEVELOPMENT_CURSOR_SECRET = 'astor-development-cursor-secret';
const S3_SETTINGS = ['ASTOR_S3_ENDPOINT', 'ASTOR_S3_BUCKET', 'ASTOR_S3_REGION', 'ASTOR_S3_ACCESS_KEY_ID', 'ASTOR_S3_SECRET_ACCESS_KEY'] as const;
const REQUIRED_IN_PRODUCTION = ['ASTOR_SECRETS_KEYS', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const;

export type Env = z.input<typeof envSchema>;

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  dataDir: string;
  database: { url?: string; adminUrl?: string; appRolePassword?: string; embeddedPort: number };
  temporal: {
    address?: string;
    namespace: string;
    taskQueue: string;
    /** Workflows the worker keeps in memory; one evicted is replayed from its history when it next hears something. */
    cachedWorkflows: number;
    tls?: { certPath?: string; keyPath?: string };
    apiKey?: string;
    uiUrl?: string;
    cliPath?: string;
    devPort: number;
    devUiPort: number;
    workflowBundlePath?: string;
    /** How long an HTTP request may wait on Temporal (an update, a query, a start) before it answers 503. */
    requestTimeoutMs: number;
  };
  /** `trustProxy`: which peers may report the client's address in X-Forwarded-For (Express's `trust proxy`). */
  api: { port: number; publicUrl: string; baseDomain?: string; trustProxy: number | string[] };
  /** `publicUrl`: the origin browsers load the web app from; cookie-authenticated changes must come from it. */
  web: { port: number; publicUrl: string };
  /** Keyring for provider secrets at rest; absent only outside production (start-up then provisions one). */
  secretsKeys?: string;
  whatsapp: { graphUrl: string; graphVersion: string; appSecret: string; verifyToken: string; webBridge: { url: string; apiKey?: string } };
  elevenLabs: { apiUrl: string };
  /** An S3-compatible bucket for generated audio instead of the media directory, when configured. */
  s3?: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; pathStyle: boolean };
  /** Signs the time-limited links to hosted media: its own setting, else derived from the secrets keyring. */
  mediaLinks: { secret: string };
  /** Signs list cursors so a client can neither edit one nor use it on another list or sort; derived from the secrets keyring. */
  cursors: { secret: string };
  botPlatforms: { manyChatUrl: string; uchatUrl: string };
  /** Generated audio and other media Astor hosts, under the data directory. */
  mediaDir: string;
  /** Whether this process relays the webhook outbox to Temporal (any number of API and worker processes may). */
  outboxRelay: boolean;
  /** Days the exact bytes of accepted webhook deliveries are kept, for support and re-processing. */
  webhookRetentionDays: number;
  /** The rolling window over which Meta counts the unique users business-initiated messages reach (24 h). */
  messagingLimit: { windowMs: number };
  /** What an API answer that breaks its declared schema does: fail with 500 (outside production, so tests catch it) or only log. */
  responseCheck: 'reject' | 'log';
  /**
   * Prometheus `/metrics`, each process on a port of its own (never the public router), bound to
   * `host`; a port left unset serves nothing. `token`, when set, is required as a Bearer token.
   * `temporalSdkPort`: the Temporal SDK's own worker metrics (slots, schedule-to-start, sticky cache).
   */
  metrics: { host: string; apiPort?: number; workerPort?: number; temporalSdkPort?: number; token?: string };
  /**
   * OpenTelemetry traces, exported over OTLP/HTTP to `otlpEndpoint` (a collector's base URL; spans
   * go to `<endpoint>/v1/traces`); off when it is unset. `serviceName` overrides the process's own
   * (astor-api, astor-worker).
   */
  tracing: { otlpEndpoint?: string; serviceName?: string; sampleRatio?: number; workflowSpans?: boolean };
}

/** A secret for one purpose, derived from the secrets keyring (production always has one), else a development value. */
function derivedSecret(keyring: string | undefined, purpose: string, developmentValue: string): string {
  return keyring ? createHmac('sha256', keyring).update(purpose).digest('base64url') : developmentValue;
}

/** Thrown when the environment does not describe a valid configuration; its message is one line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${variable} ${issue?.message ?? 'is invalid'}`);
  }
  const e = parsed.data;
  const tlsFiles = e.TEMPORAL_TLS_CERT_PATH || e.TEMPORAL_TLS_KEY_PATH;
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_KEY_PATH)) {
    throw new ConfigError('Invalid configuration: TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together');
  }
  const s3Missing = S3_SETTINGS.some((name) => e[name]) ? S3_SETTINGS.find((name) => !e[name]) : undefined;
  if (s3Missing) throw new ConfigError(`Invalid configuration: ${s3Missing} must be set with the other ASTOR_S3_* settings`);
  const missing = e.NODE_ENV === 'production' ? REQUIRED_IN_PRODUCTION.find((name) => !e[name]) : undefined;
  if (missing) throw new ConfigError(`Invalid configuration: ${missing} must be set in production`);
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT === e.API_PORT) throw new ConfigError('Invalid configuration: METRICS_PORT must differ from API_PORT: metrics are never served on the public API');
  if (e.WORKER_METRICS_PORT !== undefined && e.WORKER_METRICS_PORT === e.TEMPORAL_SDK_METRICS_PORT) throw new ConfigError('Invalid configuration: WORKER_METRICS_PORT and TEMPORAL_SDK_METRICS_PORT must differ');
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir: path.resolve(cwd, e.ASTOR_DATA_DIR),
    database: {
      url: e.DATABASE_URL,
      adminUrl: e.DATABASE_ADMIN_URL ?? e.DATABASE_URL,
      appRolePassword: e.DATABASE_APP_ROLE_PASSWORD,
      embeddedPort: e.EMBEDDED_PG_PORT,
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cachedWorkflows: e.TEMPORAL_WORKER_CACHED_WORKFLOWS,
      tls: e.TEMPORAL_TLS || tlsFiles || e.TEMPORAL_API_KEY ? { certPath: e.TEMPORAL_TLS_CERT_PATH, keyPath: e.TEMPORAL_TLS_KEY_PATH } : undefined,
      apiKey: e.TEMPORAL_API_KEY,
      uiUrl: e.TEMPORAL_UI_URL?.replace(/\/$/, ''),
      cliPath: e.TEMPORAL_CLI,
      devPort: e.TEMPORAL_DEV_PORT,
      devUiPort: e.TEMPORAL_DEV_UI_PORT,
      workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
      requestTimeoutMs: e.TEMPORAL_REQUEST_TIMEOUT_MS,
    },
    api: { port: e.API_PORT, publicUrl: e.PUBLIC_API_URL ?? `http://localhost:${e.API_PORT}`, baseDomain: e.BASE_DOMAIN, trustProxy: e.TRUST_PROXY },
    web: { port: e.WEB_PORT, publicUrl: e.PUBLIC_WEB_URL ?? `http://localhost:${e.WEB_PORT}` },
    secretsKeys: e.ASTOR_SECRETS_KEYS,
    whatsapp: {
      graphUrl: e.WHATSAPP_GRAPH_URL.replace(/\/$/, ''),
      graphVersion: e.WHATSAPP_GRAPH_VERSION,
      appSecret: e.WHATSAPP_APP_SECRET ?? DEVELOPMENT_DEFAULTS.WHATSAPP_APP_SECRET,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? DEVELOPMENT_DEFAULTS.WHATSAPP_VERIFY_TOKEN,
      webBridge: { url: e.WHATSAPP_WEB_BRIDGE_URL.replace(/\/$/, ''), apiKey: e.WHATSAPP_WEB_BRIDGE_API_KEY },
    },
    elevenLabs: { apiUrl: e.ELEVENLABS_API_URL.replace(/\/$/, '') },
    s3:
      e.ASTOR_S3_ENDPOINT && e.ASTOR_S3_BUCKET && e.ASTOR_S3_REGION && e.ASTOR_S3_ACCESS_KEY_ID && e.ASTOR_S3_SECRET_ACCESS_KEY
        ? { endpoint: e.ASTOR_S3_ENDPOINT, bucket: e.ASTOR_S3_BUCKET, region: e.ASTOR_S3_REGION, accessKeyId: e.ASTOR_S3_ACCESS_KEY_ID, secretAccessKey: e.ASTOR_S3_SECRET_ACCESS_KEY, pathStyle: e.ASTOR_S3_PATH_STYLE }
        : undefined,
    mediaLinks: { secret: e.ASTOR_MEDIA_URL_SECRET ?? derivedSecret(e.ASTOR_SECRETS_KEYS, 'astor media links', DEVELOPMENT_DEFAULTS.ASTOR_MEDIA_URL_SECRET) },
    cursors: { secret: derivedSecret(e.ASTOR_SECRETS_KEYS, 'astor list cursors', DEVELOPMENT_CURSOR_SECRET) },
    botPlatforms: { manyChatUrl: e.MANYCHAT_API_URL.replace(/\/$/, ''), uchatUrl: e.UCHAT_API_URL.replace(/\/$/, '') },
    mediaDir: path.resolve(cwd, e.ASTOR_DATA_DIR, 'media'),
    outboxRelay: e.ASTOR_OUTBOX_RELAY,
    webhookRetentionDays: e.WEBHOOK_RETENTION_DAYS,
    messagingLimit: { windowMs: e.MESSAGING_LIMIT_WINDOW_SECONDS * 1_000 },
    responseCheck: e.ASTOR_RESPONSE_CHECK ?? (e.NODE_ENV === 'production' ? 'log' : 'reject'),
    metrics: { host: e.METRICS_HOST, apiPort: e.METRICS_PORT, workerPort: e.WORKER_METRICS_PORT, temporalSdkPort: e.TEMPORAL_SDK_METRICS_PORT, token: e.METRICS_TOKEN },
    tracing: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME, sampleRatio: e.OTEL_TRACES_SAMPLER_ARG, workflowSpans: e.OTEL_WORKFLOW_SPANS },
  };
}
