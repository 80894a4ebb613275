import type { z } from 'zod';
import type { createTemplateBody, templatePreviewBody, templateVariablesBody } from '../../api/contracts/templates.schemas';

export type CreateTemplate = z.infer<typeof createTemplateBody>;
export type TemplateVariables = z.infer<typeof templateVariablesBody>;
export type TemplatePreviewRequest = z.infer<typeof templatePreviewBody>;
