import { tenantContext } from '../../prisma/tenant-context';
import type { TemplateSyncResult } from '../../workflows/template-sync.contract';
import { notConnected, templateGraphOf, type TemplateGraphDeps } from './template-connection';
import type { templateSync } from './template-sync';

/** Reads every template's status from Meta now, and makes sure the hourly sync is scheduled. */
export async function syncTemplates(deps: TemplateGraphDeps & { sync: ReturnType<typeof templateSync> }): Promise<TemplateSyncResult> {
  if (!(await templateGraphOf(deps))) throw notConnected();
  const { tenantId } = tenantContext.require('sync templates');
  await deps.sync.ensureSchedule(tenantId);
  return deps.sync.runNow(tenantId);
}
