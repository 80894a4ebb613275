import { isDeepStrictEqual } from 'node:util';
import type { Prisma } from '../../prisma/generated/client';
import type { TenantTx } from '../../prisma/client';
import { TEMPLATE_CATEGORIES, type TemplateStatus } from '../../domain/whatsapp-template';
import type { GraphMessageTemplate } from '../../integrations/whatsapp-cloud/graph-templates';

/** Meta's statuses beyond Astor's five, read as what they mean for sending. */
const STATUS_OF: Record<string, TemplateStatus> = {
  APPROVED: 'APPROVED',
  PENDING: 'PENDING',
  IN_APPEAL: 'PENDING',
  REJECTED: 'REJECTED',
  PAUSED: 'PAUSED',
  LIMIT_EXCEEDED: 'PAUSED',
  DISABLED: 'DISABLED',
  PENDING_DELETION: 'DISABLED',
  DELETED: 'DISABLED',
  ARCHIVED: 'DISABLED',
  /** Webhook events only: a paused template back in use. */
  REINSTATED: 'APPROVED',
};

/** The status a Meta status or webhook event stands for; undefined for events that are not one (FLAGGED). */
export function knownTemplateStatus(metaStatus: string): TemplateStatus | undefined {
  return STATUS_OF[metaStatus.toUpperCase()];
}

export function templateStatusOf(metaStatus: string): TemplateStatus {
  return knownTemplateStatus(metaStatus) ?? 'PENDING';
}

/**
 * Meta lists a rejection's reason; a pause or disable comes with its reason in the webhook only, so
 * the listing keeps that one; an approved or pending template has none.
 */
function reasonOf(status: TemplateStatus, rejectedReason: string | undefined): { statusReason?: string | null } {
  if (status === 'REJECTED') return rejectedReason && rejectedReason !== 'NONE' ? { statusReason: rejectedReason } : {};
  return status === 'APPROVED' || status === 'PENDING' ? { statusReason: null } : {};
}

const isCategory = (value: string): value is (typeof TEMPLATE_CATEGORIES)[number] => (TEMPLATE_CATEGORIES as readonly string[]).includes(value);

/**
 * Meta's listing applied to the registry: statuses, quality, ids and approved components are
 * Meta's; templates made outside Astor (WhatsApp Manager) are added without a variable mapping.
 */
export async function applyTemplateListing(tx: TenantTx, tenantId: string, remote: GraphMessageTemplate[]): Promise<{ total: number; created: number; updated: number }> {
  const local = await tx.whatsAppTemplate.findMany();
  const key = (template: { name: string; language: string }) => `${template.name}:${template.language}`;
  const byKey = new Map(local.map((template) => [key(template), template]));
  let created = 0;
  let updated = 0;
  for (const template of remote) {
    const status = templateStatusOf(template.status);
    const fields = {
      status,
      ...reasonOf(status, template.rejected_reason),
      providerTemplateId: template.id,
      qualityRating: template.quality_score?.score ?? null,
      ...(template.components ? { components: template.components as Prisma.InputJsonValue } : {}),
      ...(isCategory(template.category) ? { category: template.category } : {}),
    };
    const existing = byKey.get(key(template));
    if (existing) {
      // JSONB hands objects back with its own key order, so compare by value.
      const changed = Object.entries(fields).some(([field, value]) => !isDeepStrictEqual(existing[field as keyof typeof existing], value));
      if (!changed) continue;
      await tx.whatsAppTemplate.update({ where: { id: existing.id }, data: fields });
      updated += 1;
      continue;
    }
    if (!isCategory(template.category)) continue;
    await tx.whatsAppTemplate.upsert({
      where: { tenantId_name_language: { tenantId, name: template.name, language: template.language } },
      create: { ...fields, category: template.category, tenantId, name: template.name, language: template.language },
      update: fields,
    });
    created += 1;
  }
  return { total: remote.length, created, updated };
}
