import type { Logger } from '../../domain/logger';
import { ProviderError } from '../../integrations/provider-error';
import { recordAudit } from '../../prisma/audit-log';
import { tenantContext } from '../../prisma/tenant-context';
import { notConnected, templateGraphOf, type TemplateGraphDeps } from './template-connection';
import { templateStatusOf } from './template-listing';
import { refusalOf } from './template-refusal';
import type { templateSync } from './template-sync';
import type { CreateTemplate } from './template-types';

/**
 * Registers a template and submits it to Meta for review; Meta's refusal is answered in its own
 * words, and an accepted template puts the agency's hourly sync in place.
 */
export async function createTemplate(deps: TemplateGraphDeps & { sync: ReturnType<typeof templateSync>; logger: Logger }, body: CreateTemplate) {
  const { db, sync, logger } = deps;
  const graph = await templateGraphOf(deps);
  if (!graph) throw notConnected();
  const { variables, ...definition } = body;
  const row = await db.forCurrentTenant(async (tx) => {
    const { tenantId } = tenantContext.require('register a template');
    const created = await tx.whatsAppTemplate.create({ data: { ...definition, tenantId, variables } });
    await recordAudit(tx, { action: 'create', entity: 'WhatsAppTemplate', entityId: created.id, after: created });
    return created;
  });
  let submitted;
  try {
    submitted = await graph.client.createTemplate(graph.businessAccountId, definition);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    // Without an answer Meta may have it: the row stays PENDING and the next sync reconciles it.
    if (error.details.httpStatus !== undefined) await db.forCurrentTenant((tx) => tx.whatsAppTemplate.delete({ where: { id: row.id } }));
    throw refusalOf(error);
  }
  const saved = await db.forCurrentTenant((tx) =>
    tx.whatsAppTemplate.update({ where: { id: row.id }, data: { providerTemplateId: submitted.id, status: templateStatusOf(submitted.status) } }),
  );
  // Meta has the template now: a Temporal hiccup must not turn that into an error (the sync route schedules too).
  await sync.ensureSchedule(row.tenantId).catch((error: unknown) => logger.warn('template sync schedule not created', { tenantId: row.tenantId, error: String(error) }));
  return saved;
}
