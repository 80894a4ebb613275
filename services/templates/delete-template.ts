import { ProviderError } from '../../integrations/provider-error';
import { recordAudit } from '../../prisma/audit-log';
import { findTemplate } from './find-template';
import { templateGraphOf, type TemplateGraphDeps } from './template-connection';
import { refusalOf } from './template-refusal';

/** Deletes a template at Meta (when Meta has it and the number is connected), then here. */
export async function deleteTemplate(deps: TemplateGraphDeps, templateId: string): Promise<void> {
  const { db } = deps;
  const template = await db.forCurrentTenant((tx) => findTemplate(tx, templateId));
  const graph = await templateGraphOf(deps);
  if (graph && template.providerTemplateId) {
    try {
      await graph.client.deleteTemplate(graph.businessAccountId, template.name, template.providerTemplateId);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      // Already gone at Meta (e.g. deleted in WhatsApp Manager): the wording is the fake's, unconfirmed against Meta.
      if (!/was not found/.test(error.message)) throw refusalOf(error);
    }
  }
  await db.forCurrentTenant(async (tx) => {
    await tx.whatsAppTemplate.delete({ where: { id: template.id } });
    await recordAudit(tx, { action: 'delete', entity: 'WhatsAppTemplate', entityId: template.id, before: template });
  });
}
