import { AppError } from '../../domain/app-error';
import { valuesForLead } from '../../domain/template-variables';
import { describeMissing, renderTemplateBody, variableMappingsSchema } from '../../domain/whatsapp-template';
import type { Database } from '../../prisma/client';
import { tenantContext } from '../../prisma/tenant-context';
import { leadNotFound } from '../leads/lead-not-found';
import { priceLabel } from '../messages/campaign-content';
import { findTemplate } from './find-template';
import type { TemplatePreviewRequest } from './template-types';

/** The template's body as one lead would read it; a variable without a value is refused naming it. */
export function previewTemplate({ db }: { db: Database }, templateId: string, body: TemplatePreviewRequest) {
  return db.forCurrentTenant(async (tx) => {
    const template = await findTemplate(tx, templateId);
    const lead = await tx.lead.findUnique({ where: { id: body.leadId } });
    if (!lead) throw leadNotFound();
    const property = body.propertyId ? await tx.property.findUnique({ where: { id: body.propertyId } }) : undefined;
    if (property === null) throw new AppError('not_found', 'No such property in this agency');
    const agency = await tx.tenant.findUniqueOrThrow({ where: { id: tenantContext.require('preview a template').tenantId }, select: { name: true } });
    const values = valuesForLead(lead, agency.name, property ? { title: property.title, zone: property.zone, price: priceLabel(property) } : undefined);
    const mappings = variableMappingsSchema.safeParse(template.variables);
    const rendered = renderTemplateBody(template.components, mappings.success ? mappings.data : [], values);
    if (!rendered.ok) {
      throw new AppError('unprocessable', `No value for ${rendered.missing.map(describeMissing).join(', ')}`, {
        fields: rendered.missing.map((missing) => ({ path: `variables.${missing.placeholder - 1}`, message: `has no value for ${describeMissing(missing)}`, code: 'missing_variable' })),
        data: { missing: rendered.missing },
      });
    }
    return { text: rendered.text, parameters: rendered.parameters };
  });
}
