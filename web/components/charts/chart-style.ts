import type { LeadOrigin } from '../../../prisma/generated/enums';

/** The Okabe–Ito colours, told apart by most colour-blind readers; the chart's table carries the figures regardless. */
export const ORIGIN_COLORS: Record<LeadOrigin, string> = {
  WHATSAPP: '#009e73',
  META_ADS: '#0072b2',
  LANDING: '#e69f00',
  WEB: '#56b4e9',
  MANUAL: '#6b7280',
  MANYCHAT: '#cc79a7',
  UCHAT: '#d55e00',
  REFERRAL: '#b59b00',
  IMPORT: '#1c2430',
};

export const RESULT_COLORS = { sent: '#6b7280', delivered: '#0072b2', read: '#e69f00', replied: '#009e73' } as const;

export const BRAND = '#0d5c63';
export const DANGER = '#a4262c';
export const INK = '#1c2430';

/** Axis text small enough for 375 px wide screens. */
export const TICK = { fontSize: 11, fill: '#5b6675' };
export const PLOT_HEIGHT = 240;
