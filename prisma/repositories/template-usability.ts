import type { TenantTx } from '../client';

export interface TemplateRef {
  /** Where the request names it, e.g. `settings.welcomeTemplate`. */
  path: string;
  name: string;
  language: string;
}

const SENDABLE = new Set(['APPROVED', 'PENDING']);
const STATUS_ES: Record<string, string> = { REJECTED: 'rechazada', PAUSED: 'pausada', DISABLED: 'deshabilitada' };

/**
 * The templates an agency names that its registry says cannot be sent: unknown to it, or rejected,
 * paused or disabled by Meta (a pending one may still be approved). An agency whose registry is empty
 * (never synced) has nothing to check against, and gets no complaint.
 */
export async function unusableTemplates(tx: TenantTx, refs: TemplateRef[]): Promise<(TemplateRef & { reason: string; reasonEs: string })[]> {
  if (refs.length === 0) return [];
  const registry = await tx.whatsAppTemplate.findMany({ select: { name: true, language: true, status: true } });
  if (registry.length === 0) return [];
  const status = new Map(registry.map((template) => [`${template.name}/${template.language}`, template.status]));
  return refs.flatMap((ref) => {
    const known = status.get(`${ref.name}/${ref.language}`);
    if (known && SENDABLE.has(known)) return [];
    const reason = known
      ? `Meta has ${known.toLowerCase()} the template ${ref.name} (${ref.language}): choose another one`
      : `The template ${ref.name} (${ref.language}) is not among the agency's WhatsApp templates: create it or sync them from Meta`;
    const reasonEs = known
      ? `Meta marcó la plantilla ${ref.name} (${ref.language}) como ${STATUS_ES[known] ?? known.toLowerCase()}: elegí otra`
      : `La plantilla ${ref.name} (${ref.language}) no está entre las plantillas de WhatsApp de la inmobiliaria: creala o sincronizalas desde Meta`;
    return [{ ...ref, reason, reasonEs }];
  });
}
