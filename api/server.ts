import { campaignRoutes } from './routes/campaigns.routes';
import { campaignRunRoutes } from './routes/campaign-runs.routes';
import { committedStarts } from '../temporal/committed-starts';
import express from 'express';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../domain/config';
import type { Logger } from '../domain/logger';
import type { Database } from '../prisma/client';
import { authenticate } from './auth/authenticate';
import { LoginThrottle } from './auth/login-throttle';
import { mountRoutes } from './http/mount';
import { signedCursors } from './http/pagination';
import { notFoundHandler, problemHandler } from './http/problem';
import type { RouteSpec } from './http/route';
import { requireBodyTypes } from './http/body-types';
import { requestId } from './http/request-id';
import { requestMetrics } from './http/request-metrics';
import { sameOrigin } from './http/same-origin';
import { docsRoutes } from './openapi/docs.routes';
import { TenantRateLimiter, type RequestsPerMinute } from './http/tenant-rate-limit';
import { tenantPathPrefix } from './http/tenant-resolution';
import { temporalDeadline } from './http/temporal-deadline';
import { authRoutes } from './routes/auth.routes';
import { healthRoutes } from './routes/health.routes';
import { apiKeyRoutes } from './routes/api-keys.routes';
import { auditRoutes } from './routes/audit.routes';
import { conversationRoutes } from './routes/conversations.routes';
import { intakeRoutes } from './routes/intake.routes';
import { inboxStreamRoutes } from './routes/inbox-stream.routes';
import type { InboxHub } from './inbox/inbox-hub';
import type { SecretBox } from '../domain/secret-box';
import type { WebhookInbox } from '../services/webhook-inbox/webhook-inbox';
import { whatsAppChannelRoutes } from './routes/whatsapp-channel.routes';
import { botPlatformRoutes } from './routes/bot-platform.routes';
import { metaLeadsRoutes } from './routes/meta-leads.routes';
import { botPlatformCaller, botPlatformWebhookRoutes } from './webhooks/bot-platform.webhook';
import { integrationRoutes } from './routes/integrations.routes';
import { voiceMessageRoutes } from './routes/voice-messages.routes';
import { leadEventRoutes } from './routes/lead-events.routes';
import { leadRoutes } from './routes/leads.routes';
import { matchRoutes } from './routes/matches.routes';
import { meRoutes } from './routes/me.routes';
import { propertyRoutes } from './routes/properties.routes';
import { visitRoutes } from './routes/visits.routes';
import { automationRoutes } from './routes/automations.routes';
import { agencyHealthRoutes } from './routes/agency-health.routes';
import { importMappingRoutes } from './routes/import-mappings.routes';
import { archiveImportRoutes } from './routes/archive-imports.routes';
import { importRoutes } from './routes/imports.routes';
import { uploadedFileRuns } from '../temporal/uploaded-file-runs';
import { uploadRoutes } from './routes/uploads.routes';
import { dashboardRoutes } from './routes/dashboard.routes';
import { voiceNoteRoutes } from './routes/voice-notes.routes';
import { exportRoutes } from './routes/export.routes';
import { voicePreviewRoutes } from './routes/voice-preview.routes';
import { mediaRoutes } from './routes/media.routes';
import { messageMediaRoutes } from './routes/message-media.routes';
import { propertyCardRoutes } from './routes/property-cards.routes';
import { tenantProfileRoutes } from './routes/tenant-profile.routes';
import { tenantRoutes } from './routes/tenants.routes';
import { templateRoutes } from './routes/templates.routes';
import { userRoutes } from './routes/users.routes';
import { sharedContactRoutes } from './routes/shared-contacts.routes';
import { webhookDeliveryRoutes } from './routes/webhook-deliveries.routes';
import { whatsAppWebhookRoutes } from './webhooks/whatsapp.webhook';
import { webSessionOwner, whatsAppWebWebhookRoutes } from './webhooks/whatsapp-web.webhook';

export interface ApiDependencies {
  config: AppConfig;
  db: Database;
  temporal: Client;
  logger: Logger;
  inbox: InboxHub;
  /** Provider secrets at rest. */
  secrets: SecretBox;
  /** Where webhooks are stored before they are acknowledged. */
  webhookInbox: WebhookInbox;
  /** Overrides the per-plan request budget (tests use a small one). */
  requestsPerMinute?: RequestsPerMinute;
}

/** Every route of the API, in one table: mounted, documented and swept by the isolation test. */
export function apiRoutes(deps: ApiDependencies): RouteSpec[] {
  const cursorFor = signedCursors(deps.config.cursors.secret);
  const taskQueue = deps.config.temporal.taskQueue;
  const starts = committedStarts({ ...deps, taskQueue });
  const files = uploadedFileRuns(deps.temporal, taskQueue);
  return [
    ...authRoutes({ db: deps.db, throttle: new LoginThrottle(), baseDomain: deps.config.api.baseDomain, secureCookies: deps.config.env === 'production' }),
    ...meRoutes(deps),
    ...tenantRoutes(deps),
    ...tenantProfileRoutes(deps),
    ...userRoutes(deps),
    ...apiKeyRoutes(deps),
    ...leadRoutes({ ...deps, cursorFor }),
    ...leadEventRoutes({ ...deps, cursorFor }),
    ...propertyRoutes({ ...deps, cursorFor, starts }),
    ...matchRoutes(deps),
    ...auditRoutes({ ...deps, cursorFor }),
    ...conversationRoutes({ ...deps, cursorFor, starts }),
    ...inboxStreamRoutes(deps),
    ...whatsAppChannelRoutes(deps),
    ...integrationRoutes(deps),
    ...botPlatformRoutes(deps),
    ...metaLeadsRoutes(deps),
    ...voiceMessageRoutes({ ...deps, taskQueue }),
    ...intakeRoutes({ ...deps, taskQueue }),
    ...campaignRoutes({ ...deps, cursorFor }),
    ...campaignRunRoutes({ ...deps, cursorFor, taskQueue, starts }),
    ...visitRoutes({ ...deps, starts }),
    ...automationRoutes(deps),
    ...dashboardRoutes(deps),
    ...agencyHealthRoutes(deps),
    ...uploadRoutes(deps),
    ...importRoutes({ ...deps, cursorFor, starts, files }),
    ...importMappingRoutes(deps),
    ...archiveImportRoutes({ ...deps, starts, files }),
    ...voiceNoteRoutes(deps),
    ...exportRoutes(deps),
    ...voicePreviewRoutes(deps),
    ...mediaRoutes(deps),
    ...messageMediaRoutes(deps),
    ...sharedContactRoutes(deps),
    ...propertyCardRoutes({ ...deps, taskQueue }),
    ...templateRoutes(deps),
    ...webhookDeliveryRoutes({ ...deps, cursorFor }),
  ];
}

/** Builds the Express app; listening and shutdown live in api/index.ts. */
export function createApp(deps: ApiDependencies): express.Express {
  const app = express();
  const { logger, webhookInbox: inbox } = deps;
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.api.trustProxy);
  app.use(requestId);
  app.use(requestMetrics);
  app.use(healthRoutes(deps));
  app.use(whatsAppWebhookRoutes({ appSecret: deps.config.whatsapp.appSecret, verifyToken: deps.config.whatsapp.verifyToken, inbox, logger }));
  app.use(whatsAppWebWebhookRoutes({ sessionOwner: webSessionOwner(deps.db, deps.secrets), inbox, logger }));
  app.use(botPlatformWebhookRoutes({ callerOf: botPlatformCaller(deps.db, deps.secrets), inbox, logger }));
  app.use(tenantPathPrefix);
  const routes = apiRoutes(deps);
  app.use(docsRoutes(routes));
  app.use(
    '/api',
    sameOrigin([deps.config.web.publicUrl, deps.config.api.publicUrl]),
    requireBodyTypes(routes),
    authenticate(deps.db),
    express.json({ limit: '1mb' }),
    temporalDeadline(deps.temporal, deps.config.temporal.requestTimeoutMs),
    mountRoutes(routes, {
      db: deps.db,
      baseDomain: deps.config.api.baseDomain,
      limiter: new TenantRateLimiter(deps.requestsPerMinute),
      logger: deps.logger,
      responseCheck: deps.config.responseCheck,
    }),
  );
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
