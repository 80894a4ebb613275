import type { z } from 'zod';
import type { createCampaignBody, updateCampaignBody } from '../../api/contracts/campaigns.schemas';

export type CreateCampaign = z.infer<typeof createCampaignBody>;
export type UpdateCampaign = z.infer<typeof updateCampaignBody>;
