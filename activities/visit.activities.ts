import { visitTimingOf } from '../domain/automations';
import type { OutboundContent } from '../domain/messaging';
import { firstNameOf } from '../domain/template-variables';
import { readTenantSettings } from '../domain/tenant-settings';
import type { VisitStep, VisitTiming } from '../domain/visit-steps';
import type { Database } from '../prisma/client';
import type { VisitStatus } from '../prisma/generated/client';
import { recordLeadEvent } from '../prisma/repositories/lead-events';
import { renderAutomationMessage, visitDateParts } from './automation/automation-message';
import { priceLabel } from '../services/messages/campaign-content';

export type VisitPlan = { status: VisitStatus; scheduledAt: number; timing: VisitTiming } | { status: 'GONE' };

export type VisitMessagePlan =
  | { action: 'send'; leadId: string; to: string; content: OutboundContent; idempotencyKey: string }
  | { action: 'skip'; reason: string }
  /** The visit moved since the workflow planned this step: plan again. */
  | { action: 'stale' };

const RULE_OF = { confirmation: 'visitConfirmation', reminder: 'visitReminder', followUp: 'visitFollowUp' } as const;
const UPCOMING: VisitStatus[] = ['SCHEDULED', 'CONFIRMED'];
/** Steps that make sense in each state: nothing after a cancellation, no follow-up for a no-show. */
const SENDABLE: Record<VisitStep, VisitStatus[]> = { confirmation: UPCOMING, reminder: UPCOMING, followUp: [...UPCOMING, 'DONE'] };

export function createVisitActivities({ db }: { db: Database }) {
  return {
    /** The visit as it stands and the agency's timing; the API starts the workflow after the visit committed, so a missing one is GONE. */
    async loadVisitPlan({ tenantId, visitId }: { tenantId: string; visitId: string }): Promise<VisitPlan> {
      return db.inTenant(tenantId, async (tx) => {
        const visit = await tx.visit.findUnique({ where: { id: visitId }, select: { status: true, scheduledAt: true } });
        if (!visit) return { status: 'GONE' };
        const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
        return { status: visit.status, scheduledAt: visit.scheduledAt.getTime(), timing: visitTimingOf(readTenantSettings(tenant.settings).automations) };
      });
    },

    /** What one step of a visit sends now, rendered from the lead, the property, the agent and the agency. */
    async planVisitMessage({ tenantId, visitId, step, scheduledAt }: { tenantId: string; visitId: string; step: VisitStep; scheduledAt: number }): Promise<VisitMessagePlan> {
      return db.inTenant(tenantId, async (tx) => {
        const visit = await tx.visit.findUnique({ where: { id: visitId }, include: { lead: true, property: true, agent: { select: { name: true } } } });
        if (!visit || visit.scheduledAt.getTime() !== scheduledAt) return { action: 'stale' };
        const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, settings: true, timeZone: true, locale: true } });
        const rule = readTenantSettings(tenant.settings).automations[RULE_OF[step]];
        const { lead, property } = visit;
        const skip = async (reason: string): Promise<VisitMessagePlan> => {
          await recordLeadEvent(tx, { leadId: lead.id, type: `visit.${step}_skipped`, payload: { visitId, reason } });
          return { action: 'skip', reason };
        };
        if (!rule.enabled || !rule.message) return skip('rule_disabled');
        if (!SENDABLE[step].includes(visit.status)) return skip(`visit_${visit.status.toLowerCase()}`);
        if (!lead.phone) return skip('no_phone');
        if (lead.optOut) return skip('opted_out');
        const when = visitDateParts(visit.scheduledAt, tenant.locale, tenant.timeZone);
        const rendered = renderAutomationMessage(
          rule.message,
          {
            'lead.name': lead.name,
            'lead.firstName': firstNameOf(lead.name),
            'lead.zone': lead.searchZone,
            'agency.name': tenant.name,
            'property.title': property?.title,
            'property.zone': property?.zone,
            'property.price': property ? priceLabel(property) : undefined,
            'visit.date': when.date,
            'visit.time': when.time,
            'visit.address': property?.address ?? property?.zone,
            'agent.name': visit.agent?.name,
          },
          lead.lastInboundAt,
          Date.now(),
        );
        if (rendered.kind === 'skip') return skip(rendered.reason);
        return { action: 'send', leadId: lead.id, to: lead.phone, content: rendered.content, idempotencyKey: `visit:${visitId}:${step}:${scheduledAt}` };
      });
    },
  };
}

export type VisitActivities = ReturnType<typeof createVisitActivities>;
