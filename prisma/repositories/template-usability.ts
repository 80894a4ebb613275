import type { TenantTx } from '../client';

export interface TemplateRef {
  /** Where the request names it, e.g. `settings.welcomeTemplate`. */
  path: string;
  name: string;
  language: string;
}

/**
 * What a use needs of Meta's review: a saved setting or draft may name a template still in review
 * (it may be approved before it is sent); a campaign launched now sends it, so only an approved one will do.
 */
export type TemplateNeed = 'saved' | 'sent now';

const ACCEPTED: Record<TemplateNeed, ReadonlySet<string>> = { saved: new Set(['APPROVED', 'PENDING']), 'sent now': new Set(['APPROVED']) };
const STATUS_ES: Record<string, string> = { PENDING: 'en revisión', REJECTED: 'rechazada', PAUSED: 'pausada', DISABLED: 'deshabilitada' };

function refusalOf(ref: TemplateRef, known: string | undefined): { reason: string; reasonEs: string } {
  const template = `${ref.name} (${ref.language})`;
  if (!known) {
    return {
      reason: `The template ${template} is not among the agency's WhatsApp templates: create it or sync them from Meta`,
      reasonEs: `La plantilla ${template} no está entre las plantillas de WhatsApp de la inmobiliaria: creala o sincronizalas desde Meta`,
    };
  }
  if (known === 'PENDING') {
    return {
      reason: `Meta has not approved the template ${template} yet: wait for its review or choose an approved one`,
      reasonEs: `Meta todavía no aprobó la plantilla ${template} (está en revisión): esperá su aprobación o elegí una aprobada`,
    };
  }
  return {
    reason: `Meta has ${known.toLowerCase()} the template ${template}: choose another one`,
    reasonEs: `Meta marcó la plantilla ${template} como ${STATUS_ES[known] ?? known.toLowerCase()}: elegí otra`,
  };
}

/**
 * The templates an agency names that its registry says cannot serve the use: unknown to it, refused,
 * paused or disabled by Meta, or (for a send now) still in review. An agency whose registry is empty
 * (never synced) has nothing to check against, and gets no complaint.
 */
export async function unusableTemplates(tx: TenantTx, refs: TemplateRef[], need: TemplateNeed = 'saved'): Promise<(TemplateRef & { reason: string; reasonEs: string })[]> {
  if (refs.length === 0) return [];
  const registry = await tx.whatsAppTemplate.findMany({ select: { name: true, language: true, status: true } });
  if (registry.length === 0) return [];
  const status = new Map(registry.map((template) => [`${template.name}/${template.language}`, template.status]));
  return refs.flatMap((ref) => {
    const known = status.get(`${ref.name}/${ref.language}`);
    return known && ACCEPTED[need].has(known) ? [] : [{ ...ref, ...refusalOf(ref, known) }];
  });
}
