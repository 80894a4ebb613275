'use client';

import { useCallback } from 'react';
import { useI18n } from '../../lib/i18n';

const FORMATS = {
  es: new Intl.DateTimeFormat('es-AR', { day: 'numeric', month: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'numeric', timeZone: 'UTC' }),
};

/** A calendar day the API sends (YYYY-MM-DD, the agency's day) as a short day and month in the page's language. */
export function useDayLabel(): (day: string) => string {
  const { locale } = useI18n();
  return useCallback((day: string) => FORMATS[locale].format(new Date(`${day}T00:00:00Z`)), [locale]);
}
