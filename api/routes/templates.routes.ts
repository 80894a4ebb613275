import type { Client } from '@temporalio/client';
import type { AppConfig } from '../../domain/config';
import type { Logger } from '../../domain/logger';
import type { SecretBox } from '../../domain/secret-box';
import type { Database } from '../../prisma/client';
import { route, type RouteSpec } from '../http/route';
import { STAFF , MANAGERS } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { templateSync } from '../../services/templates/template-sync';
import { findTemplate } from '../../services/templates/find-template';
import { createTemplate } from '../../services/templates/create-template';
import { changeTemplateVariables } from '../../services/templates/change-template-variables';
import { deleteTemplate } from '../../services/templates/delete-template';
import { syncTemplates } from '../../services/templates/sync-templates';
import { previewTemplate } from '../../services/templates/preview-template';
import { createTemplateBody, listTemplatesQuery, templateListSchema, templatePreviewBody, templatePreviewSchema, templateSchema, templateSyncSchema, templateVariablesBody } from '../contracts/templates.schemas';
import { templateView } from '../views/template-view';

/** The agency's WhatsApp templates: registered here, reviewed by Meta, statuses kept in sync. */
export function templateRoutes({ db, secrets, config, temporal, logger }: { db: Database; secrets: SecretBox; config: AppConfig; temporal: Client; logger: Logger }): RouteSpec[] {
  const sync = templateSync({ temporal, taskQueue: config.temporal.taskQueue });
  const deps = { db, secrets, config, sync, logger };

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
        return templateView(await createTemplate(deps, body));
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
        return templateView(await changeTemplateVariables(deps, params.id, body));
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
        await deleteTemplate(deps, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/templates/sync',
      summary: "Read every template's status and quality from Meta now (also done hourly); templates made in WhatsApp Manager are added",
      tag: 'templates',
      access: { scope: 'tenant', roles: MANAGERS },
      response: templateSyncSchema,
      handler: () => syncTemplates(deps),
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
      handler: ({ params, body }) => previewTemplate(deps, params.id, body),
    }),
  ];
}
