'use client';

import { useI18n } from './i18n';
import { useSession } from './session';

/** Times and dates as the agency reads them: its time zone, the user's language. */
export function useClock() {
  const { locale } = useI18n();
  const { tenant } = useSession();
  const language = locale === 'es' ? 'es-AR' : 'en-US';
  return {
    time: (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString(language, { timeZone: tenant.timeZone, hour: '2-digit', minute: '2-digit' }) : ''),
    dateTime: (iso: string) => new Date(iso).toLocaleString(language, { timeZone: tenant.timeZone, dateStyle: 'short', timeStyle: 'short' }),
  };
}
