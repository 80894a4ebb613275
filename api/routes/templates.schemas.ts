import { z } from 'zod';
import { TEMPLATE_STATUSES, templateDefinitionSchema, variableMappingsSchema } from '../../domain/whatsapp-template';

export const listTemplatesQuery = z.strictObject({ status: z.enum(TEMPLATE_STATUSES).optional() });

/** Meta's template (name, language, category, components) plus which field fills each body {{n}}. */
export const createTemplateBody = templateDefinitionSchema;

export const templateVariablesBody = z.strictObject({ variables: variableMappingsSchema });

export const templatePreviewBody = z.strictObject({
  leadId: z.uuid(),
  /** The property that `property.*` mappings describe. */
  propertyId: z.uuid().optional(),
});
