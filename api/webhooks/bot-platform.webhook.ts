import express, { Router, type Request, type Response } from 'express';
import { BOT_PLATFORMS, botInboundBody, INBOUND_TOKEN_HEADER, parseInboundToken, secretsMatch, type BotPlatform, type BotPlatformConfig } from '../../domain/bot-platforms';
import type { Logger } from '../../domain/logger';
import type { SecretBox } from '../../domain/secret-box';
import { readTenantSettings, type TenantSettings } from '../../domain/tenant-settings';
import type { Database } from '../../prisma/client';
import { decryptIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { AppError } from '../../domain/app-error';
import { normalizeContact } from '../../services/leads/lead-contact';
import { BOT_PLATFORM_SOURCE, botPlatformDelivery } from '../../services/webhook-inbox/bot-platform-delivery';
import type { WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { acceptOrRetryLater, parseJsonBody } from './inbox-handoff';
import { deliveryMetrics } from './delivery-metrics';

export type PlatformCaller = { tenantId: string; settings: TenantSettings };

/** The agency whose active integration issued the token, or undefined for any token that does not match. */
export function botPlatformCaller(db: Database, secrets: SecretBox) {
  return async (platform: BotPlatform, token: string | undefined): Promise<PlatformCaller | undefined> => {
    const parsed = parseInboundToken(token);
    if (!parsed) return undefined;
    return db.inTenant(parsed.tenantId, async (tx) => {
      const integration = await tx.tenantIntegration.findFirst({ where: { provider: platform, active: true } });
      if (!integration || !secretsMatch(parsed.secret, decryptIntegrationConfig<BotPlatformConfig>(secrets, integration).inboundSecret)) return undefined;
      const tenant = await tx.tenant.findFirst({ where: { id: parsed.tenantId }, select: { settings: true, locale: true } });
      return tenant ? { tenantId: parsed.tenantId, settings: readTenantSettings(tenant.settings, tenant.locale) } : undefined;
    });
  };
}

interface BotPlatformWebhookDeps {
  callerOf: ReturnType<typeof botPlatformCaller>;
  inbox: WebhookInbox;
  logger: Logger;
}

/**
 * The endpoint ManyChat's and UChat's External Request actions call. Neither platform signs these
 * calls, so each carries the agency's Astor token; what it reports is stored in PostgreSQL (and its
 * workflow hand-off queued) before the answer, and a repeated request has one effect.
 */
export function botPlatformWebhookRoutes(deps: BotPlatformWebhookDeps): Router {
  const router = Router();
  for (const platform of BOT_PLATFORMS) {
    router.post(`/webhooks/${platform.toLowerCase()}`, deliveryMetrics(BOT_PLATFORM_SOURCE[platform]), express.raw({ limit: '256kb', type: () => true }), async (req: Request, res: Response) => {
      const receivedAt = new Date();
      const caller = await deps.callerOf(platform, req.header(INBOUND_TOKEN_HEADER));
      if (!caller) throw new AppError('unauthenticated', `The ${INBOUND_TOKEN_HEADER} header does not carry an active token of this agency's integration`);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const body = botInboundBody.parse(raw.length ? parseJsonBody(raw) : {});
      const phone = body.phone ? normalizeContact({ phone: body.phone }, caller.settings).phone! : undefined;
      if (body.event === 'lead' && !phone) throw new AppError('validation_failed', 'A lead event needs the contact phone', { fields: [{ path: 'phone', message: 'is required for a lead event', code: 'required' }] });
      await acceptOrRetryLater(deps, botPlatformDelivery(platform, caller.tenantId, { body, phone, raw, receivedAt }), res);
      res.json({ received: true });
    });
  }
  return router;
}
