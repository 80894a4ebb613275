import { createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { BOT_PLATFORMS, botInboundBody, INBOUND_TOKEN_HEADER, parseInboundToken, secretsMatch, type BotInboundBody, type BotPlatform, type BotPlatformConfig } from '../../domain/bot-platforms';
import { HANDOFF_BUTTON_ID } from '../../domain/bot-replies';
import type { Logger } from '../../domain/logger';
import type { InboundMessage } from '../../domain/messaging';
import type { SecretBox } from '../../domain/secret-box';
import { readTenantSettings, type TenantSettings } from '../../domain/tenant-settings';
import type { Database } from '../../prisma/client';
import { decryptIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { AppError } from '../http/errors';
import { normalizeContact } from '../routes/lead-contact';
import type { WorkflowHandoff } from '../../temporal/workflow-handoff';

export type PlatformCaller = { tenantId: string; settings: TenantSettings };

/** The agency whose active integration issued the token, or undefined for any token that does not match. */
export function botPlatformCaller(db: Database, secrets: SecretBox) {
  return async (platform: BotPlatform, token: string | undefined): Promise<PlatformCaller | undefined> => {
    const parsed = parseInboundToken(token);
    if (!parsed) return undefined;
    return db.inTenant(parsed.tenantId, async (tx) => {
      const integration = await tx.tenantIntegration.findFirst({ where: { provider: platform, active: true } });
      if (!integration || !secretsMatch(parsed.secret, decryptIntegrationConfig<BotPlatformConfig>(secrets, integration).inboundSecret)) return undefined;
      const tenant = await tx.tenant.findFirst({ where: { id: parsed.tenantId }, select: { settings: true } });
      return tenant ? { tenantId: parsed.tenantId, settings: readTenantSettings(tenant.settings) } : undefined;
    });
  };
}

interface BotPlatformWebhookDeps {
  callerOf: ReturnType<typeof botPlatformCaller>;
  handoff: WorkflowHandoff;
  logger: Logger;
}

const ORIGIN = { MANYCHAT: 'MANYCHAT', UCHAT: 'UCHAT' } as const;

/**
 * A flow that sends no message id gets one derived from what it did send; without a time either,
 * the same text from the same contact within a minute counts as one message (a retried request).
 */
function messageIdOf(platform: BotPlatform, body: BotInboundBody, now: number): string {
  if (body.messageId) return `${platform.toLowerCase()}:${body.messageId}`;
  const when = body.sentAt ?? String(Math.floor(now / 60_000));
  const digest = createHash('sha256').update(JSON.stringify([body.contactId, body.event, when, body.text ?? ''])).digest('base64url').slice(0, 32);
  return `${platform.toLowerCase()}:${digest}`;
}

function toInbound(platform: BotPlatform, body: BotInboundBody, phone: string | undefined, now: number): InboundMessage {
  const handoff = body.event === 'handoff';
  return {
    providerMessageId: messageIdOf(platform, body, now),
    contact: body.contactId,
    ...(body.name ? { contactName: body.name } : {}),
    ...(phone ? { contactPhone: phone } : {}),
    ...(body.email ? { contactEmail: body.email } : {}),
    ...(handoff ? { type: 'button' as const, reply: { id: HANDOFF_BUTTON_ID, title: body.text ?? 'Hablar con una persona' } } : { type: 'text' as const, text: body.text ?? '' }),
    sentAt: body.sentAt ?? new Date(now).toISOString(),
  };
}

/**
 * The endpoint ManyChat's and UChat's External Request actions call. Neither platform signs these
 * calls, so each carries the agency's Astor token; what it reports is handed to Temporal before the
 * answer, and a repeated request has one effect.
 */
export function botPlatformWebhookRoutes(deps: BotPlatformWebhookDeps): Router {
  const router = Router();
  for (const platform of BOT_PLATFORMS) {
    router.post(`/webhooks/${platform.toLowerCase()}`, express.json({ limit: '256kb', type: () => true }), async (req: Request, res: Response) => {
      const caller = await deps.callerOf(platform, req.header(INBOUND_TOKEN_HEADER));
      if (!caller) throw new AppError('unauthenticated', `The ${INBOUND_TOKEN_HEADER} header does not carry an active token of this agency's integration`);
      const body = botInboundBody.parse(req.body ?? {});
      const phone = body.phone ? normalizeContact({ phone: body.phone }, caller.settings).phone! : undefined;
      try {
        if (body.event === 'lead') {
          if (!phone) throw new AppError('validation_failed', 'A lead event needs the contact phone', { fields: [{ path: 'phone', message: 'is required for a lead event', code: 'required' }] });
          const fields = { ...(body.name ? { name: body.name } : {}), ...(body.email ? { email: body.email } : {}) };
          const submission = { submissionId: messageIdOf(platform, body, Date.now()), origin: ORIGIN[platform], fields, sourceDetails: { [`${platform.toLowerCase()}ContactId`]: body.contactId, ...body.fields } };
          const { leadId, created } = await deps.handoff.submitLead(caller.tenantId, phone, submission);
          res.json({ received: true, leadId, created });
          return;
        }
        await deps.handoff.inboundMessage(caller.tenantId, platform, toInbound(platform, body, phone, Date.now()));
      } catch (error) {
        if (error instanceof AppError) throw error;
        deps.logger.error('bot platform hand-off to Temporal failed', { platform, tenantId: caller.tenantId, error: error instanceof Error ? error.message : String(error) });
        throw new AppError('unavailable', 'Could not hand the request to the workflow engine; retry later');
      }
      res.json({ received: true });
    });
  }
  return router;
}
