import type { z } from 'zod';
import type { createPropertyBody, updatePropertyBody } from '../../api/contracts/properties.schemas';

export type CreateProperty = z.infer<typeof createPropertyBody>;
export type UpdateProperty = z.infer<typeof updatePropertyBody>;
