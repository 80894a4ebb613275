import type { OutboundContent } from '../domain/messaging';
import { toStorableText } from '../domain/storable-text';
import { readTenantSettings } from '../domain/tenant-settings';
import { recordAudit } from '../prisma/audit-log';
import type { Database, TenantTx } from '../prisma/client';
import type { Lead, Prisma } from '../prisma/generated/client';
import { recordLeadEvent } from '../prisma/repositories/lead-events';
import { createLead } from '../prisma/repositories/leads.repository';
import type { LeadSubmission } from '../workflows/lead-intake.contract';

export type FollowUpPlan = { action: 'send'; to: string; content: OutboundContent } | { action: 'skip'; reason: string };

const FILLABLE = ['name', 'email', 'dni', 'searchZone', 'searchType', 'searchOperation', 'budgetMin', 'budgetMax', 'budgetCurrency', 'roomsMin'] as const;

/** A repeated submission fills what the lead lacks and never overwrites what an agent curated. */
function missingFields(lead: Lead, submission: LeadSubmission): Prisma.LeadUncheckedUpdateInput {
  const fields: Record<string, unknown> = {};
  for (const field of FILLABLE) if (lead[field] === null && submission.fields[field] != null) fields[field] = submission.fields[field];
  return fields;
}

async function alreadyApplied(tx: TenantTx, submissionId: string) {
  return tx.event.findFirst({ where: { type: { in: ['lead.created', 'lead.submission'] }, payload: { path: ['submissionId'], equals: submissionId } } });
}

async function dniOwnedByOther(tx: TenantTx, dni: string | undefined, phone: string): Promise<boolean> {
  return Boolean(dni && (await tx.lead.findFirst({ where: { dni, NOT: { phone } }, select: { id: true } })));
}

/** Registered templates whose body has a {{1}} get the lead's first name there; others get no parameters. */
async function nameParameter(tx: TenantTx, template: { name: string; language: string }, lead: Lead): Promise<string[]> {
  const registered = await tx.whatsAppTemplate.findFirst({ where: template, select: { components: true } });
  const components = Array.isArray(registered?.components) ? (registered.components as { type?: string; text?: string }[]) : [];
  const body = components.find((component) => component.type?.toUpperCase() === 'BODY')?.text ?? '';
  return body.includes('{{1}}') ? [lead.name?.split(' ')[0] || 'hola'] : [];
}

export function createLeadIntakeActivities({ db }: { db: Database }) {
  return {
    async loadFollowUpSettings({ tenantId }: { tenantId: string }): Promise<{ followUpHours: number; maxFollowUps: number }> {
      const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
      const { followUpHours, maxFollowUps } = readTenantSettings(tenant.settings);
      return { followUpHours, maxFollowUps };
    },

    /** Creates the lead for a phone or updates it from a new submission; applying one submission twice changes nothing. */
    async upsertLeadFromSubmission(input: { tenantId: string; phone: string; submission: LeadSubmission }): Promise<{ leadId: string; created: boolean }> {
      const { phone, submission } = input;
      return db.inTenant(input.tenantId, async (tx) => {
        const applied = await alreadyApplied(tx, submission.submissionId);
        if (applied) return { leadId: applied.leadId, created: applied.type === 'lead.created' };
        const fields = { ...submission.fields };
        if (await dniOwnedByOther(tx, fields.dni ?? undefined, phone)) delete fields.dni;
        const existing = await tx.lead.findFirst({ where: { phone } });
        const payload = { submissionId: submission.submissionId, origin: submission.origin, ...(submission.sourceDetails ? { sourceDetails: submission.sourceDetails } : {}) };
        if (!existing) {
          const lead = await createLead(tx, { ...fields, phone, origin: submission.origin, sourceDetails: submission.sourceDetails ?? undefined }, payload);
          return { leadId: lead.id, created: true };
        }
        const change = missingFields(existing, { ...submission, fields });
        if (Object.keys(change).length) await tx.lead.update({ where: { id: existing.id }, data: change });
        await recordLeadEvent(tx, { leadId: existing.id, type: 'lead.submission', origin: submission.origin, payload: { ...payload, filled: Object.keys(change) } });
        return { leadId: existing.id, created: false };
      });
    },

    /**
     * A submission that failed for good: on the lead's timeline when the contact is a lead already, and
     * always in the agency's audit log, so an admin sees the intake that did not happen.
     */
    async recordSubmissionFailure(input: { tenantId: string; phone: string; submissionId: string; origin: LeadSubmission['origin']; reason: string; failureType?: string }): Promise<void> {
      const failure = { submissionId: toStorableText(input.submissionId), origin: input.origin, reason: toStorableText(input.reason), ...(input.failureType ? { failureType: input.failureType } : {}) };
      await db.inTenant(input.tenantId, async (tx) => {
        const lead = await tx.lead.findFirst({ where: { phone: input.phone }, select: { id: true } });
        if (lead) await recordLeadEvent(tx, { leadId: lead.id, type: 'lead.submission_failed', origin: input.origin, payload: failure });
        await recordAudit(tx, { action: 'intake.failed', entity: 'LeadSubmission', entityId: failure.submissionId, after: { ...failure, phone: input.phone, leadId: lead?.id ?? null } });
      });
    },

    /** What to send a lead now: the welcome, or a reminder if it stayed silent since `sinceMs`. */
    async planFollowUp(input: { tenantId: string; leadId: string; kind: 'welcome' | 'reminder'; sinceMs: number }): Promise<FollowUpPlan> {
      const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { id: input.tenantId }, select: { settings: true } });
      const settings = readTenantSettings(tenant.settings);
      const template = input.kind === 'welcome' ? settings.welcomeTemplate : settings.followUpTemplate;
      return db.inTenant(input.tenantId, async (tx) => {
        const lead = await tx.lead.findUnique({ where: { id: input.leadId } });
        const skip = (reason: string): FollowUpPlan => ({ action: 'skip', reason });
        let plan: FollowUpPlan;
        if (!lead?.phone) plan = skip('lead_gone');
        else if (lead.optOut) plan = skip('opted_out');
        else if (input.kind === 'reminder' && lead.lastInboundAt && lead.lastInboundAt.getTime() > input.sinceMs) plan = skip('lead_replied');
        else if (['WON', 'LOST'].includes(lead.stage)) plan = skip('lead_closed');
        else if (!template) plan = skip(`no_${input.kind}_template`);
        else if (!(await tx.whatsAppChannel.findFirst({ select: { id: true } }))) plan = skip('no_whatsapp_channel');
        else plan = { action: 'send', to: lead.phone, content: { kind: 'template', ...template, bodyParameters: await nameParameter(tx, template, lead) } };
        if (lead && plan.action === 'skip') await recordLeadEvent(tx, { leadId: lead.id, type: `lead.${input.kind}_skipped`, payload: { reason: plan.reason } });
        return plan;
      });
    },
  };
}

export type LeadIntakeActivities = ReturnType<typeof createLeadIntakeActivities>;
