import { randomBytes, randomUUID } from 'node:crypto';
import type { AppConfig } from '../../domain/config';
import type { SecretBox } from '../../domain/secret-box';
import type { TenantTx } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import { loadIntegrationConfig, saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { tenantContext } from '../../prisma/tenant-context';
import { ProviderError } from '../../integrations/provider-error';
import type { BridgeSessionStatus } from '../../integrations/whatsapp-web/bridge-api';
import { WhatsAppWebClient } from '../../integrations/whatsapp-web/client';
import { AppError } from '../../domain/app-error';

/** What Astor keeps, encrypted, about a tenant's WhatsApp Web session. */
export interface WebSessionSecrets {
  session: string;
  webhookSecret: string;
}

export interface WebSessionView {
  status: BridgeSessionStatus | 'NONE';
  /** The paired phone (E.164 digits) once connected. */
  phone: string | null;
  /** The QR code to scan, as an image data URL, while the bridge shows one. */
  qrImage: string | null;
}

export const NO_SESSION: WebSessionView = { status: 'NONE', phone: null, qrImage: null };

/** The bridge's refusals as the API's problems: a bridge that is down or misconfigured is the server's trouble, not the caller's. */
export async function bridgeCall<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.category === 'rate_limit') throw new AppError('rate_limited', error.message, error.details.retryAfterSeconds ? { retryAfterSeconds: error.details.retryAfterSeconds } : {});
    throw new AppError('unavailable', error.message);
  }
}

export function bridgeSettings(config: AppConfig): { url: string; apiKey: string } {
  const { url, apiKey } = config.whatsapp.webBridge;
  if (!apiKey) throw new AppError('unavailable', 'The WhatsApp Web bridge is not configured on this server (WHATSAPP_WEB_BRIDGE_API_KEY)');
  return { url, apiKey };
}

export function bridgeClient(config: AppConfig, session: string): WhatsAppWebClient {
  const { url, apiKey } = bridgeSettings(config);
  return new WhatsAppWebClient({ baseUrl: url, apiKey, session });
}

/** The session as the bridge sees it now; a session the bridge has lost reads as disconnected, to be started again. */
export async function sessionView(client: WhatsAppWebClient): Promise<WebSessionView> {
  const state = await client.status().catch((error: unknown) => {
    if (error instanceof ProviderError && error.category === 'not_found') return { status: 'DISCONNECTED' as const, me: undefined };
    throw error;
  });
  const qr = state.status === 'SCAN_QR' ? await client.qr().catch(() => undefined) : undefined;
  return { status: state.status, phone: state.me?.phone ?? null, qrImage: qr?.image ?? null };
}

/**
 * The tenant's session name and webhook secret, created the first time: one session per tenant,
 * named at random (never after the tenant), its secret encrypted like any provider credential.
 */
export async function ensureWebSession(tx: TenantTx, secrets: SecretBox): Promise<WebSessionSecrets> {
  const { tenantId } = tenantContext.require('start a WhatsApp Web session');
  const before = await tx.whatsAppChannel.findFirst();
  const stored = await loadIntegrationConfig<WebSessionSecrets>(tx, secrets, 'WHATSAPP_WEB');
  if (before?.webSessionId && stored?.config.session === before.webSessionId) return stored.config;
  const session = { session: randomUUID(), webhookSecret: randomBytes(32).toString('base64url') };
  const after = before
    ? await tx.whatsAppChannel.update({ where: { id: before.id }, data: { webSessionId: session.session } })
    : await tx.whatsAppChannel.create({ data: { tenantId, apiType: 'WHATSAPP_WEB', webSessionId: session.session } });
  await saveIntegrationConfig(tx, secrets, 'WHATSAPP_WEB', { ...session });
  await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'WhatsAppChannel', entityId: after.id, before: before ?? undefined, after });
  return session;
}
