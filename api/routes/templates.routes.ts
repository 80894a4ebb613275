import type { Client } from '@temporalio/client';
import { priceLabel } from '../../services/messages/campaign-content';
import { ProviderError } from '../../integrations/provider-error';
import { loadTemplateGraph } from '../../integrations/whatsapp-cloud/template-graph';
import { templateStatusOf } from '../../services/templates/template-listing';
import type { AppConfig } from '../../domain/config';
import type { Logger } from '../../domain/logger';
import type { SecretBox } from '../../domain/secret-box';
import { valuesForLead } from '../../domain/template-variables';
import { bodyTextOf, countBodyVariables, describeMissing, renderTemplateBody, variableMappingsSchema } from '../../domain/whatsapp-template';
import type { Database, TenantTx } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import type { Prisma, WhatsAppTemplate } from '../../prisma/generated/client';
import { tenantContext } from '../../prisma/tenant-context';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { STAFF , MANAGERS } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { leadNotFound } from '../../services/leads/lead-not-found';
import { refusalOf } from '../../services/templates/template-refusal';
import { templateSync } from '../../services/templates/template-sync';
import { createTemplateBody, listTemplatesQuery, templateListSchema, templatePreviewBody, templatePreviewSchema, templateSchema, templateSyncSchema, templateVariablesBody } from '../contracts/templates.schemas';


function templateView({ tenantId: _tenantId, variables, ...template }: WhatsAppTemplate) {
  const parsed = variableMappingsSchema.safeParse(variables);
  return { ...template, variables: parsed.success ? parsed.data : [], bodyText: bodyTextOf(template.components) ?? null };
}

async function findTemplate(tx: TenantTx, id: string): Promise<WhatsAppTemplate> {
  const template = await tx.whatsAppTemplate.findUnique({ where: { id } });
  if (!template) throw new AppError('not_found', 'No such WhatsApp template in this agency');
  return template;
}

const notConnected = () => new AppError('conflict', 'Connect the WhatsApp Business API number, with its business account ID, in Settings first', { es: 'Primero conectá en Configuración el número de la API de WhatsApp Business, con el ID de su cuenta comercial' });

/** The agency's WhatsApp templates: registered here, reviewed by Meta, statuses kept in sync. */
export function templateRoutes({ db, secrets, config, temporal, logger }: { db: Database; secrets: SecretBox; config: AppConfig; temporal: Client; logger: Logger }): RouteSpec[] {
  const sync = templateSync({ temporal, taskQueue: config.temporal.taskQueue });
  const graphOf = () => db.forCurrentTenant((tx) => loadTemplateGraph(tx, secrets, config.whatsapp));

  return [
    route({
      method: 'get',
      path: '/templates',
      summary: "The agency's WhatsApp templates with Meta's review status and quality",
      tag: 'templates',
      access: { scope: 'tenant', roles: STAFF },
      query: listTemplatesQuery,
      response: templateListSchema,
      async handler({ query }) {
        const templates = await db.forCurrentTenant((tx) => tx.whatsAppTemplate.findMany({ where: query.status ? { status: query.status } : {}, orderBy: [{ name: 'asc' }, { language: 'asc' }] }));
        return { items: templates.map(templateView) };
      },
    }),
    route({
      method: 'get',
      path: '/templates/:id',
      summary: 'One WhatsApp template',
      tag: 'templates',
      access: { scope: 'tenant', roles: STAFF },
      params: idParams,
      response: templateSchema,
      handler: async ({ params }) => templateView(await db.forCurrentTenant((tx) => findTemplate(tx, params.id))),
    }),
    route({
      method: 'post',
      path: '/templates',
      summary: "Register a template and submit it to Meta for review (it starts PENDING); Meta's refusal is answered in its own words",
      tag: 'templates',
      access: { scope: 'tenant', roles: MANAGERS },
      body: createTemplateBody,
      status: 201,
      response: templateSchema,
      async handler({ body }) {
        const graph = await graphOf();
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
        return templateView(saved);
      },
    }),
    route({
      method: 'put',
      path: '/templates/:id/variables',
      summary: 'Which lead, property or agency field (or fixed text) fills each body {{n}}, e.g. for templates made in WhatsApp Manager',
      tag: 'templates',
      access: { scope: 'tenant', roles: MANAGERS },
      params: idParams,
      body: templateVariablesBody,
      response: templateSchema,
      async handler({ params, body }) {
        return db.forCurrentTenant(async (tx) => {
          const before = await findTemplate(tx, params.id);
          const counted = countBodyVariables(bodyTextOf(before.components) ?? '');
          const count = 'count' in counted ? counted.count : 0;
          if (body.variables.length !== count) {
            throw new AppError('validation_failed', 'Some fields are not valid', { es: 'Algunos campos no son válidos', fields: [{ path: 'variables', message: `needs one mapping per body variable (${count})`, code: 'custom' }] });
          }
          const after = await tx.whatsAppTemplate.update({ where: { id: before.id }, data: { variables: body.variables as Prisma.InputJsonValue } });
          await recordAudit(tx, { action: 'update', entity: 'WhatsAppTemplate', entityId: after.id, before, after });
          return templateView(after);
        });
      },
    }),
    route({
      method: 'delete',
      path: '/templates/:id',
      summary: 'Delete a template here and at Meta',
      tag: 'templates',
      access: { scope: 'tenant', roles: MANAGERS },
      params: idParams,
      status: 204,
      async handler({ params }) {
        const template = await db.forCurrentTenant((tx) => findTemplate(tx, params.id));
        const graph = await graphOf();
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
      },
    }),
    route({
      method: 'post',
      path: '/templates/sync',
      summary: "Read every template's status and quality from Meta now (also done hourly); templates made in WhatsApp Manager are added",
      tag: 'templates',
      access: { scope: 'tenant', roles: MANAGERS },
      response: templateSyncSchema,
      async handler({ req }) {
        if (!(await graphOf())) throw notConnected();
        const tenantId = req.tenant!.id;
        await sync.ensureSchedule(tenantId);
        return sync.runNow(tenantId);
      },
    }),
    route({
      method: 'post',
      path: '/templates/:id/preview',
      summary: "The template's body as one lead would read it; a variable without a value is a 422 naming it",
      tag: 'templates',
      access: { scope: 'tenant', roles: STAFF },
      params: idParams,
      body: templatePreviewBody,
      response: templatePreviewSchema,
      async handler({ params, body, req }) {
        return db.forCurrentTenant(async (tx) => {
          const template = await findTemplate(tx, params.id);
          const lead = await tx.lead.findUnique({ where: { id: body.leadId } });
          if (!lead) throw leadNotFound();
          const property = body.propertyId ? await tx.property.findUnique({ where: { id: body.propertyId } }) : undefined;
          if (property === null) throw new AppError('not_found', 'No such property in this agency');
          const agency = await tx.tenant.findUniqueOrThrow({ where: { id: req.tenant!.id }, select: { name: true } });
          const values = valuesForLead(lead, agency.name, property ? { title: property.title, zone: property.zone, price: priceLabel(property) } : undefined);
          const rendered = renderTemplateBody(template.components, templateView(template).variables, values);
          if (!rendered.ok) {
            throw new AppError('unprocessable', `No value for ${rendered.missing.map(describeMissing).join(', ')}`, {
              fields: rendered.missing.map((missing) => ({ path: `variables.${missing.placeholder - 1}`, message: `has no value for ${describeMissing(missing)}`, code: 'missing_variable' })),
              data: { missing: rendered.missing },
            });
          }
          return { text: rendered.text, parameters: rendered.parameters };
        });
      },
    }),
  ];
}
