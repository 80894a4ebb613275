import type { z } from 'zod';
import type { createVisitBody, updateVisitBody } from '../../api/contracts/visits.schemas';

export type CreateVisit = z.infer<typeof createVisitBody>;
export type UpdateVisit = z.infer<typeof updateVisitBody>;
