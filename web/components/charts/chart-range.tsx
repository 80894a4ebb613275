'use client';

import { useI18n } from '../../lib/i18n';

/** Two pressed-or-not buttons that pick how many days the lead charts look back. */
export function ChartRange({ options, value, onChange }: { options: readonly number[]; value: number; onChange(days: number): void }) {
  const { t } = useI18n();
  return (
    <div className="row chart-range" role="group" aria-label={t('dashboard.range')}>
      {options.map((days) => (
        <button key={days} type="button" className={days === value ? undefined : 'secondary'} aria-pressed={days === value} onClick={() => onChange(days)}>
          {t('dashboard.lastDays', { days })}
        </button>
      ))}
    </div>
  );
}
