/**
 * Why Meta's side stops a campaign until an admin resumes it: the number's quality fell to RED (Meta
 * then limits marketing templates; utility ones go on), or Meta paused or disabled the template.
 * The codes are stored as the campaign's status reason and read by the web app.
 */
export const PAUSE_REASONS = ['quality_red', 'template_paused', 'template_disabled'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** What the campaign sends and from which number, as stored: null where unknown (no template row, quality never read). */
export interface SendingConditions {
  templateStatus: string | null;
  templateCategory: string | null;
  qualityRating: string | null;
}

export function pauseReasonOf({ templateStatus, templateCategory, qualityRating }: SendingConditions): PauseReason | undefined {
  if (templateStatus === 'DISABLED') return 'template_disabled';
  if (templateStatus === 'PAUSED') return 'template_paused';
  if (templateCategory === 'MARKETING' && qualityRating === 'RED') return 'quality_red';
  return undefined;
}

/** Why a resume is refused while the cause holds, in English and Spanish. */
export const STILL_PAUSED: Record<PauseReason, { en: string; es: string }> = {
  quality_red: {
    en: "The number's WhatsApp quality is still RED: marketing campaigns stay paused until Meta raises it",
    es: 'La calidad del número de WhatsApp sigue en rojo: las campañas de marketing siguen en pausa hasta que Meta la mejore',
  },
  template_paused: {
    en: 'Meta still has the campaign’s template paused: wait until it reactivates it, or use another template',
    es: 'Meta sigue teniendo en pausa la plantilla de la campaña: esperá a que la reactive o usá otra plantilla',
  },
  template_disabled: {
    en: 'Meta disabled the campaign’s template: it cannot be sent again; create a new campaign with another template',
    es: 'Meta deshabilitó la plantilla de la campaña: ya no se puede enviar; creá otra campaña con otra plantilla',
  },
};
