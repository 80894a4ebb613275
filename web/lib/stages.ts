import type { z } from 'zod';
import type { leadSchema } from '../../api/contracts/leads.schemas';
import type { MessageKey } from './messages';

export type Stage = z.infer<typeof leadSchema>['stage'];

/** Every stage in funnel order; as a Record the compiler names any stage the API adds or drops. */
const FUNNEL_ORDER: Record<Stage, true> = { NEW: true, CONTACTED: true, QUALIFIED: true, VISIT_SCHEDULED: true, NEGOTIATION: true, WON: true, LOST: true };

export const STAGES = Object.keys(FUNNEL_ORDER) as Stage[];

export const stageLabel = (stage: Stage) => `stage.${stage}` satisfies MessageKey;
