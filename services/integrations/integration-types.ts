import type { z } from 'zod';
import type { botPlatformBody, elevenLabsBody, metaLeadsBody } from '../../api/contracts/integrations.schemas';

export type PutElevenLabs = z.infer<typeof elevenLabsBody>;
export type PutBotPlatform = z.infer<typeof botPlatformBody>;
export type PutMetaLeads = z.infer<typeof metaLeadsBody>;
