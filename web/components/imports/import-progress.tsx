'use client';

import { useI18n } from '../../lib/i18n';
import type { DataImport } from './import-types';

function stepsOf(found: DataImport): { done: number; total: number } {
  if (found.status === 'UNDOING') return { done: found.undo.undone + found.undo.kept + found.undo.gone, total: found.planned.create + found.planned.merge };
  return { done: found.applied.rows, total: found.planned.rows };
}

/** The live bar while a workflow applies or undoes the import. */
export function ImportProgress({ found }: { found: DataImport }) {
  const { t } = useI18n();
  const { done, total } = stepsOf(found);
  const percent = total === 0 ? 0 : Math.min(100, Math.round((done / total) * 100));
  const label = found.status === 'UNDOING' ? t('imports.undoing') : t('imports.applying');
  return (
    <div className="field">
      <span role="status">{label}</span>
      <div className="progress" role="progressbar" aria-label={t('imports.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div style={{ width: `${percent}%` }} />
      </div>
      <span>
        {percent} % · {done} / {total}
      </span>
    </div>
  );
}
