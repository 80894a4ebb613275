'use client';

import { useI18n } from '../../lib/i18n';
import type { DataImport } from './import-types';
import { StatGrid } from './stat-grid';

/** After applying: the file's rows against what was created, merged and refused, and the agency's totals before and after. */
export function VerificationCounts({ found }: { found: DataImport }) {
  const { t } = useI18n();
  return (
    <StatGrid
      label={t('imports.verification')}
      stats={[
        { label: t('imports.fileRows'), value: found.planned.rows, testId: 'file-rows' },
        { label: t('imports.created'), value: found.applied.created, testId: 'applied-created' },
        { label: t('imports.merged'), value: found.applied.merged, testId: 'applied-merged' },
        { label: t('imports.refused'), value: found.applied.refused, testId: 'applied-refused' },
        { label: t('imports.totals'), value: `${found.totalsBefore ?? '—'} / ${found.totalsAfter ?? '—'}`, testId: 'totals' },
      ]}
    />
  );
}
