import type { CampaignContent } from '../../domain/campaign';
import { isWithinServiceWindow, type OutboundContent } from '../../domain/messaging';
import type { TenantTx } from '../../prisma/client';
import { renderVariables, valuesForLead } from '../../domain/template-variables';
import { renderTemplateBody, variableMappingsSchema, type VariableMapping } from '../../domain/whatsapp-template';

export interface RecipientLead {
  id: string;
  name: string | null;
  searchZone: string | null;
  lastInboundAt: Date | null;
}

export interface PropertyCard {
  id: string;
  title: string;
  zone: string;
  price: string;
  photoUrl?: string;
}

export interface ContentContext {
  agencyName: string;
  properties: PropertyCard[];
  /** A template campaign without variables of its own takes them from the agency's template registry. */
  registeredTemplate?: { components: unknown; variables: VariableMapping[] };
}

/** "USD 120.000", as leads in the region read prices. */
export function priceLabel(property: { currency: string; price: { toNumber(): number } }): string {
  return `${property.currency} ${property.price.toNumber().toLocaleString('es-AR')}`;
}

export function propertyCardOf(property: { id: string; title: string; zone: string; currency: string; price: { toNumber(): number }; photoUrls: string[] }): PropertyCard {
  return { id: property.id, title: property.title, zone: property.zone, price: priceLabel(property), ...(property.photoUrls[0] ? { photoUrl: property.photoUrls[0] } : {}) };
}

/** The agency's name and the chosen properties, read once per batch. */
export async function loadContentContext(tx: TenantTx, tenantId: string, content: CampaignContent): Promise<ContentContext> {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
  const ids = content.kind === 'property_cards' ? content.propertyIds : content.kind === 'template' && content.propertyId ? [content.propertyId] : [];
  const properties = ids.length ? await tx.property.findMany({ where: { id: { in: ids } } }) : [];
  const registered =
    content.kind === 'template' && content.variables.length === 0
      ? await tx.whatsAppTemplate.findUnique({ where: { tenantId_name_language: { tenantId, name: content.name, language: content.language } } })
      : null;
  const mapping = registered && variableMappingsSchema.safeParse(registered.variables);
  return {
    agencyName: tenant.name,
    properties: properties.map(propertyCardOf),
    ...(registered && mapping?.success ? { registeredTemplate: { components: registered.components, variables: mapping.data } } : {}),
  };
}

/** What one recipient gets: a message, a voice script to synthesise, or the reason they are skipped. */
export type RenderedContent = { kind: 'message'; content: OutboundContent } | { kind: 'voice'; script: string } | { kind: 'skip'; reason: string };

/** Property cards as one WhatsApp message: a photo with a caption for one property, a list for several. */
export function propertyCards(intro: string | undefined, properties: PropertyCard[]): OutboundContent {
  const lines = properties.map((property) => `• ${property.title} (${property.zone}): ${property.price}`);
  const body = [intro, ...lines].filter(Boolean).join('\n');
  const photo = properties.length === 1 ? properties[0]!.photoUrl : undefined;
  return photo ? { kind: 'media', mediaKind: 'image', link: photo, caption: body.slice(0, 1024) } : { kind: 'text', body };
}

export function renderForLead(content: CampaignContent, lead: RecipientLead, context: ContentContext, now: number): RenderedContent {
  const values = valuesForLead(lead, context.agencyName, context.properties[0]);
  const missing: string[] = [];
  const render = (text: string) => {
    const result = renderVariables(text, values);
    missing.push(...result.missing);
    return result.text;
  };
  if (content.kind === 'template' && context.registeredTemplate) {
    const rendered = renderTemplateBody(context.registeredTemplate.components, context.registeredTemplate.variables, values);
    if (!rendered.ok) return { kind: 'skip', reason: `missing_variable:${rendered.missing[0]!.field ?? `{{${rendered.missing[0]!.placeholder}}}`}` };
    return { kind: 'message', content: { kind: 'template', name: content.name, language: content.language, bodyParameters: rendered.parameters } };
  }
  if (content.kind === 'template') {
    const bodyParameters = content.variables.map(render);
    return missing.length ? { kind: 'skip', reason: `missing_variable:${missing[0]}` } : { kind: 'message', content: { kind: 'template', name: content.name, language: content.language, bodyParameters } };
  }
  if (!isWithinServiceWindow(lead.lastInboundAt?.getTime(), now)) return { kind: 'skip', reason: 'outside_service_window' };
  const rendered: RenderedContent =
    content.kind === 'text'
      ? { kind: 'message', content: { kind: 'text', body: render(content.body) } }
      : content.kind === 'voice'
        ? { kind: 'voice', script: render(content.script) }
        : { kind: 'message', content: propertyCards(content.intro === undefined ? undefined : render(content.intro), context.properties) };
  return missing.length ? { kind: 'skip', reason: `missing_variable:${missing[0]}` } : rendered;
}

const SKIP_DESCRIPTIONS: Record<string, string> = {
  opted_out: 'The lead opted out after the audience was taken',
  outside_service_window: 'The lead last wrote more than 24 hours ago: WhatsApp only allows an approved template',
};

/** A skip reason in words an admin understands. */
export function describeSkip(reason: string): string {
  if (reason.startsWith('missing_variable:')) return `The lead has no value for ${reason.slice('missing_variable:'.length)} and the text gives no fallback`;
  return SKIP_DESCRIPTIONS[reason] ?? reason;
}
