'use client';

import { useI18n } from '../../lib/i18n';
import type { DataImport } from './import-types';
import { StatGrid } from './stat-grid';

/** What the dry run found: rows in the file, and how many would be created, merged and refused. */
export function DryRunSummary({ planned }: { planned: DataImport['planned'] }) {
  const { t } = useI18n();
  return (
    <StatGrid
      label={t('imports.summary')}
      stats={[
        { label: t('imports.rows'), value: planned.rows, testId: 'planned-rows' },
        { label: t('imports.create'), value: planned.create, testId: 'planned-create' },
        { label: t('imports.merge'), value: planned.merge, testId: 'planned-merge' },
        { label: t('imports.refuse'), value: planned.refuse, testId: 'planned-refuse' },
      ]}
    />
  );
}
