import { z } from 'zod';
import { TEMPLATE_STATUSES, templateDefinitionSchema, variableMappingsSchema } from '../../domain/whatsapp-template';
import { TemplateCategory } from '../../prisma/generated/enums';

export const listTemplatesQuery = z.strictObject({ status: z.enum(TEMPLATE_STATUSES).optional() });

/** Meta's template (name, language, category, components) plus which field fills each body {{n}}. */
export const createTemplateBody = templateDefinitionSchema;

export const templateVariablesBody = z.strictObject({ variables: variableMappingsSchema });

export const templatePreviewBody = z.strictObject({
  leadId: z.uuid(),
  /** The property that `property.*` mappings describe. */
  propertyId: z.uuid().optional(),
});

export const templateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  language: z.string(),
  category: z.enum(TemplateCategory),
  components: z.unknown(),
  variables: variableMappingsSchema,
  status: z.enum(TEMPLATE_STATUSES),
  providerTemplateId: z.string().nullable(),
  statusReason: z.string().nullable(),
  qualityRating: z.string().nullable(),
  bodyText: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const templateListSchema = z.object({ items: z.array(templateSchema) });

export const templateSyncSchema = z.discriminatedUnion('configured', [
  z.object({ configured: z.literal(true), total: z.number().int(), created: z.number().int(), updated: z.number().int() }),
  z.object({ configured: z.literal(false) }),
]);

export const templatePreviewSchema = z.object({ text: z.string(), parameters: z.array(z.string()) });
