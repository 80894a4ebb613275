import path from 'node:path';
import { z } from 'zod';

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
const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. temporal.example.com:7233');

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
  TEMPORAL_TLS: flag.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_UI_URL: z.url().optional(),
  TEMPORAL_CLI: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_DEV_UI_PORT: port.default(8233),
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),

  API_PORT: port.default(4000),
  WEB_PORT: port.default(3000),
  PUBLIC_API_URL: z.url().optional(),
  BASE_DOMAIN: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name such as astor.example.com').optional(),

  ASTOR_SECRETS_KEYS: z.string().regex(/^[\w-]+:[A-Za-z0-9+/=_-]+(,[\w-]+:[A-Za-z0-9+/=_-]+)*$/, 'must be keyId:base64key[,keyId:base64key…]').optional(),
  WHATSAPP_GRAPH_URL: z.url().default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v21.0').default('v21.0'),
  WHATSAPP_APP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  ELEVENLABS_API_URL: z.url().default('https://api.elevenlabs.io'),
});

/** Development-only values so `npm start` works without a Meta app; production must set its own. */
const DEVELOPMENT_DEFAULTS = {
  WHATSAPP_APP_SECRET: 'astor-development-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'astor-development-verify-token',
} as const;
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
    tls?: { certPath?: string; keyPath?: string };
    apiKey?: string;
    uiUrl?: string;
    cliPath?: string;
    devPort: number;
    devUiPort: number;
    workflowBundlePath?: string;
  };
  api: { port: number; publicUrl: string; baseDomain?: string };
  web: { port: number };
  /** Keyring for provider secrets at rest; absent only outside production (start-up then provisions one). */
  secretsKeys?: string;
  whatsapp: { graphUrl: string; graphVersion: string; appSecret: string; verifyToken: string };
  elevenLabs: { apiUrl: string };
  /** Generated audio and other media Astor hosts, under the data directory. */
  mediaDir: string;
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
  const missing = e.NODE_ENV === 'production' ? REQUIRED_IN_PRODUCTION.find((name) => !e[name]) : undefined;
  if (missing) throw new ConfigError(`Invalid configuration: ${missing} must be set in production`);
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
      tls: e.TEMPORAL_TLS || tlsFiles || e.TEMPORAL_API_KEY ? { certPath: e.TEMPORAL_TLS_CERT_PATH, keyPath: e.TEMPORAL_TLS_KEY_PATH } : undefined,
      apiKey: e.TEMPORAL_API_KEY,
      uiUrl: e.TEMPORAL_UI_URL,
      cliPath: e.TEMPORAL_CLI,
      devPort: e.TEMPORAL_DEV_PORT,
      devUiPort: e.TEMPORAL_DEV_UI_PORT,
      workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    },
    api: { port: e.API_PORT, publicUrl: e.PUBLIC_API_URL ?? `http://localhost:${e.API_PORT}`, baseDomain: e.BASE_DOMAIN },
    web: { port: e.WEB_PORT },
    secretsKeys: e.ASTOR_SECRETS_KEYS,
    whatsapp: {
      graphUrl: e.WHATSAPP_GRAPH_URL.replace(/\/$/, ''),
      graphVersion: e.WHATSAPP_GRAPH_VERSION,
      appSecret: e.WHATSAPP_APP_SECRET ?? DEVELOPMENT_DEFAULTS.WHATSAPP_APP_SECRET,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? DEVELOPMENT_DEFAULTS.WHATSAPP_VERIFY_TOKEN,
    },
    elevenLabs: { apiUrl: e.ELEVENLABS_API_URL.replace(/\/$/, '') },
    mediaDir: path.resolve(cwd, e.ASTOR_DATA_DIR, 'media'),
  };
}
