import { z } from 'zod';
import { QUALITY_RATINGS } from '../../domain/messaging-limit';
import { IntegrationProvider, WhatsAppApiType, WhatsAppChannelStatus } from '../../prisma/generated/enums';

const instant = z.iso.datetime().nullable();

export const integrationHealthSchema = z.object({
  provider: z.enum(IntegrationProvider),
  state: z.enum(['CONNECTED', 'TOKEN_REFUSED', 'RATE_LIMITED', 'FAILING', 'UNTESTED']),
  lastSuccessAt: instant,
  lastErrorAt: instant,
  /** The failure's category (auth, rate_limit, temporary…): what the admin is told to do. */
  lastErrorCategory: z.string().nullable(),
  /** The provider's own words, as it refused. */
  lastError: z.string().nullable(),
  lastCheckedAt: instant,
});

export const agencyHealthSchema = z.object({
  whatsapp: z
    .object({
      status: z.enum(WhatsAppChannelStatus),
      apiType: z.enum(WhatsAppApiType),
      /** The number's quality as Meta last told it; at RED, marketing campaigns pause until it rises. */
      qualityRating: z.enum(QUALITY_RATINGS).nullable(),
    })
    .nullable(),
  integrations: z.array(integrationHealthSchema),
  inbound: z.object({ lastAt: instant, silentMinutes: z.number().int(), usual: z.number(), unusual: z.boolean() }),
  statuses: z.object({ unconfirmed: z.number().int(), since: instant, lastStatusAt: instant, stalled: z.boolean() }),
});

export const agencyProblemSchema = z.object({
  kind: z.enum(['token_refused', 'channel_error', 'failing_sends', 'stuck_campaign', 'backlog', 'inbound_silence', 'statuses_stalled']),
  subject: z.string().nullable(),
  count: z.number().nullable(),
  total: z.number().nullable(),
  since: instant,
});

export const platformProblemsSchema = z.object({
  checkedAt: z.iso.datetime().nullable(),
  agencies: z.array(z.object({ id: z.uuid(), name: z.string(), slug: z.string(), problems: z.array(agencyProblemSchema) })),
});
