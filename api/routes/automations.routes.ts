import { z } from 'zod';
import { AUTOMATION_RULE_NAMES, automationRuleSchemas, automationRulesSchema, type AutomationRuleName } from '../../domain/automations';
import { TEMPLATE_VARIABLES, VISIT_VARIABLES } from '../../domain/template-variables';
import { readTenantSettings } from '../../domain/tenant-settings';
import type { Database } from '../../prisma/client';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { setAutomationRule } from '../../services/tenants/set-automation-rule';


const automationsSchema = z.object({
  rules: automationRulesSchema,
  /** The placeholders each kind of message may use. */
  variables: z.object({ visits: z.array(z.string()), alerts: z.array(z.string()) }),
});

const variables = { visits: [...VISIT_VARIABLES], alerts: [...TEMPLATE_VARIABLES] };

/** The agency's automatic notifications: read all at once, change one rule at a time. */
export function automationRoutes({ db }: { db: Database }): RouteSpec[] {
  const ruleRoute = (name: AutomationRuleName) =>
    route({
      method: 'put',
      path: `/automations/${name}`,
      summary: `Set the ${name} rule: on or off, its message, and its timing`,
      tag: 'automations',
      access: { scope: 'tenant', roles: MANAGERS },
      body: automationRuleSchemas[name],
      response: automationRuleSchemas[name],
      handler: ({ body }) => setAutomationRule({ db }, name, body),
    });

  return [
    route({
      method: 'get',
      path: '/automations',
      summary: 'Visit confirmations, reminders and follow-ups, new-listing and price-drop alerts, and the variables their messages may use',
      tag: 'automations',
      access: { scope: 'tenant', roles: MANAGERS },
      response: automationsSchema,
      async handler({ req }) {
        const tenant = await db.forCurrentTenant((tx) => tx.tenant.findUniqueOrThrow({ where: { id: req.tenant!.id }, select: { settings: true } }));
        return { rules: readTenantSettings(tenant.settings).automations, variables };
      },
    }),
    ...AUTOMATION_RULE_NAMES.map(ruleRoute),
  ];
}
