'use client';

import { useI18n } from '../../lib/i18n';
import type { DataImport } from './import-types';
import { StatGrid } from './stat-grid';

/** After undoing: what was undone, and what was kept because someone edited it since the import. */
export function UndoCounts({ undo }: { undo: DataImport['undo'] }) {
  const { t } = useI18n();
  return (
    <StatGrid
      label={t('imports.undoResult')}
      stats={[
        { label: t('imports.undone'), value: undo.undone, testId: 'undo-undone' },
        { label: t('imports.kept'), value: undo.kept, testId: 'undo-kept' },
      ]}
    />
  );
}
