import { z } from 'zod';
import { templateLanguageSchema, templateNameSchema, textWithVariables } from './campaign';
import { TEMPLATE_VARIABLES, VISIT_VARIABLES } from './template-variables';
import type { VisitTiming } from './visit-steps';

/**
 * An agency's automatic notifications: what Astor sends by itself when a visit is booked or a
 * property is listed or gets cheaper. Each rule names its message: an approved WhatsApp template
 * (reaches every lead) or free text (reaches only leads who wrote within 24 hours).
 */
function messageSchema(known: readonly string[]) {
  return z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('template'), name: templateNameSchema, language: templateLanguageSchema, variables: z.array(textWithVariables(1_000, known)).max(20).default([]) }),
    z.strictObject({ kind: z.literal('text'), body: textWithVariables(4_096, known) }),
  ]);
}

const visitMessage = messageSchema(VISIT_VARIABLES);
const alertMessage = messageSchema(TEMPLATE_VARIABLES);
export type AutomationMessage = z.output<typeof visitMessage>;

/** At least an hour: a reminder or follow-up minutes from the visit helps nobody. */
const hours = (max: number) => z.number().min(1).max(max);

const enabled = z.boolean().default(false);
const needsMessage = (value: { enabled: boolean; message: unknown }, context: z.RefinementCtx) => {
  if (value.enabled && !value.message) context.addIssue({ code: 'custom', path: ['message'], message: 'a rule needs a message to be enabled' });
};
const visitFields = { enabled, message: visitMessage.nullable().default(null) };
const alertFields = { enabled, message: alertMessage.nullable().default(null) };

export const automationRuleSchemas = {
  /** Sent when a visit is booked, and again when it is moved. */
  visitConfirmation: z.strictObject(visitFields).superRefine(needsMessage),
  visitReminder: z.strictObject({ ...visitFields, hoursBefore: hours(24 * 7).default(24) }).superRefine(needsMessage),
  /** After the visit, unless it was cancelled or the lead did not come. */
  visitFollowUp: z.strictObject({ ...visitFields, hoursAfter: hours(24 * 14).default(2) }).superRefine(needsMessage),
  /** A new available property goes to the leads whose search it fits. */
  newListingAlert: z.strictObject(alertFields).superRefine(needsMessage),
  /** A lower price goes to the leads interested in the property or whose budget it now fits. */
  priceDropAlert: z.strictObject({ ...alertFields, minDropPercent: z.number().min(0).max(90).default(1) }).superRefine(needsMessage),
};

export type AutomationRuleName = keyof typeof automationRuleSchemas;
export const AUTOMATION_RULE_NAMES = Object.keys(automationRuleSchemas) as AutomationRuleName[];

const rules = automationRuleSchemas;
export const automationRulesSchema = z.strictObject({
  visitConfirmation: rules.visitConfirmation.default(rules.visitConfirmation.parse({})),
  visitReminder: rules.visitReminder.default(rules.visitReminder.parse({})),
  visitFollowUp: rules.visitFollowUp.default(rules.visitFollowUp.parse({})),
  newListingAlert: rules.newListingAlert.default(rules.newListingAlert.parse({})),
  priceDropAlert: rules.priceDropAlert.default(rules.priceDropAlert.parse({})),
});
export type AutomationRules = z.output<typeof automationRulesSchema>;

export function visitTimingOf(rules: AutomationRules): VisitTiming {
  return {
    confirmation: rules.visitConfirmation.enabled,
    reminderHoursBefore: rules.visitReminder.enabled ? rules.visitReminder.hoursBefore : null,
    followUpHoursAfter: rules.visitFollowUp.enabled ? rules.visitFollowUp.hoursAfter : null,
  };
}
