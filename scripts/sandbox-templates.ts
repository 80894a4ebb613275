import type { FakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import type { FakeTemplateStatus } from '../integrations/whatsapp-cloud/testing/fake-templates';
import type { TenantTx } from '../prisma/client';

type Definition = Parameters<FakeWhatsAppCloud['seedTemplate']>[1];

/** What the demo agency's business account holds at Meta the first time: two approved templates and one Meta refused. */
export const DEMO_TEMPLATES: (Definition & { status: FakeTemplateStatus })[] = [
  {
    name: 'novedades_propiedades',
    language: 'es_AR',
    category: 'MARKETING',
    status: 'APPROVED',
    components: [{ type: 'BODY', text: 'Hola {{1}}, tenemos propiedades nuevas en {{2}} que te pueden interesar. ¿Querés que te las mandemos?', example: { body_text: [['Lucía', 'Palermo']] } }],
  },
  {
    name: 'recordatorio_visita',
    language: 'es_AR',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [{ type: 'BODY', text: 'Hola {{1}}, te recordamos tu visita de mañana. Cualquier cambio, respondé este mensaje.', example: { body_text: [['Martín']] } }],
  },
  {
    name: 'promo_relampago',
    language: 'es_AR',
    category: 'UTILITY',
    status: 'REJECTED',
    components: [{ type: 'BODY', text: '¡Solo hoy! Descuentos en comisiones para {{1}}.', example: { body_text: [['Sofía']] } }],
  },
];

/** How long the sandbox's Meta takes to approve a template submitted for review. */
export const SANDBOX_REVIEW_MS = 10_000;

/**
 * The sandbox's Meta starts with the templates the demo agency already has (the fake forgets them when
 * it stops), else the demo's starters, so sends and syncs answer as before the restart.
 */
export async function restoreSandboxTemplates(tx: TenantTx, fake: FakeWhatsAppCloud, wabaId: string): Promise<void> {
  const registry = await tx.whatsAppTemplate.findMany({ select: { name: true, language: true, category: true, components: true, status: true } });
  for (const { status, components, ...template } of registry.length ? registry : DEMO_TEMPLATES) {
    // A template stored without Meta's components (or with ones Meta would refuse) cannot be registered again.
    if (!Array.isArray(components)) continue;
    try {
      fake.seedTemplate(wabaId, { ...template, components: components as Definition['components'] }, status);
    } catch {
      continue;
    }
  }
}

/**
 * The sandbox's review: a template submitted from Settings is approved a few seconds later, and the
 * approval reaches the API by Meta's signed webhook, as it would from Meta.
 */
export function reviewSandboxTemplates(fake: FakeWhatsAppCloud, wabaId: string, reviewMs = SANDBOX_REVIEW_MS): { stop(): void } {
  const seen = new Map<string, number>();
  const timer = setInterval(() => {
    for (const template of fake.templates(wabaId).filter((candidate) => candidate.status === 'PENDING')) {
      const since = seen.get(template.id) ?? Date.now();
      seen.set(template.id, since);
      if (Date.now() - since < reviewMs) continue;
      seen.delete(template.id);
      // An API not answering yet misses the webhook; the hourly sync (or Sincronizar con Meta) reads the approval.
      fake.reviewTemplate(wabaId, template.name, template.language, 'APPROVED').catch(() => undefined);
    }
  }, Math.min(reviewMs, 1_000));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
