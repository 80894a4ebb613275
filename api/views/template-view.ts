import { bodyTextOf, variableMappingsSchema } from '../../domain/whatsapp-template';
import type { WhatsAppTemplate } from '../../prisma/generated/client';

/** A template as the API shows it: its variable mapping (empty when the stored one no longer reads) and its body text. */
export function templateView({ tenantId: _tenantId, variables, ...template }: WhatsAppTemplate) {
  const parsed = variableMappingsSchema.safeParse(variables);
  return { ...template, variables: parsed.success ? parsed.data : [], bodyText: bodyTextOf(template.components) ?? null };
}
