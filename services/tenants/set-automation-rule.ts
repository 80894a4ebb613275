import type { z } from 'zod';
import type { AutomationRuleName, automationRuleSchemas } from '../../domain/automations';
import { readTenantSettings } from '../../domain/tenant-settings';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { tenantContext } from '../../prisma/tenant-context';
import { refuseUnusableTemplates } from '../templates/template-refusal';
import { storedSettings } from './tenant-record';

export type AutomationRule<N extends AutomationRuleName> = z.output<(typeof automationRuleSchemas)[N]>;

/** Replaces one automation rule of the agency in context; a template message must be usable. */
export async function setAutomationRule<N extends AutomationRuleName>({ db }: { db: Database }, name: N, rule: AutomationRule<N>): Promise<AutomationRule<N>> {
  return db.forCurrentTenant(async (tx) => {
    const id = tenantContext.require('set automation rule').tenantId;
    if (rule.message?.kind === 'template') await refuseUnusableTemplates(tx, [{ path: 'message', name: rule.message.name, language: rule.message.language }]);
    const before = await tx.tenant.findUniqueOrThrow({ where: { id }, select: { settings: true } });
    const stored = storedSettings(before.settings);
    const automations = { ...storedSettings(stored.automations), [name]: rule };
    await tx.tenant.update({ where: { id }, data: { settings: { ...stored, automations } } });
    await recordAudit(tx, { action: 'update', entity: 'Automation', entityId: id, before: readTenantSettings(before.settings).automations[name], after: rule });
    return rule;
  });
}
