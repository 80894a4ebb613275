'use client';

import { useCallback, useMemo } from 'react';
import { useI18n } from '../../lib/i18n';

/** Numbers, dollars and countries as the user reads them: 1.200, US$ 1,85, Argentina. */
export function useCostFormat() {
  const { locale } = useI18n();
  const language = locale === 'es' ? 'es-AR' : 'en-US';
  const formats = useMemo(
    () => ({
      count: new Intl.NumberFormat(language),
      total: new Intl.NumberFormat(language, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      unit: new Intl.NumberFormat(language, { style: 'currency', currency: 'USD', minimumFractionDigits: 4, maximumFractionDigits: 4 }),
      regions: new Intl.DisplayNames([language], { type: 'region' }),
      day: new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }),
    }),
    [language],
  );
  return {
    count: useCallback((value: number) => formats.count.format(value), [formats]),
    /** Money arrives as a decimal string ("1.8540"). */
    usd: useCallback((amount: string) => formats.total.format(Number(amount)), [formats]),
    unitPrice: useCallback((amount: string) => formats.unit.format(Number(amount)), [formats]),
    /** ZZ (a number whose country its plan does not tell) reads as the unknown region. */
    country: useCallback((code: string) => formats.regions.of(code) ?? code, [formats]),
    /** A YYYY-MM-DD day, as a date in words. */
    day: useCallback((iso: string) => formats.day.format(new Date(`${iso}T00:00:00Z`)), [formats]),
  };
}
