'use client';

import { useI18n } from '../../lib/i18n';
import { usePagedApi } from '../../lib/use-paged-api';
import { DataTable } from '../data-table';
import { ListStatus, LoadMore } from '../states';
import { useFieldLabel } from './field-labels';
import { formatValue } from './format-value';
import type { ImportRow } from './import-types';

function Changes({ row }: { row: ImportRow }) {
  const { t } = useI18n();
  const label = useFieldLabel();
  if (row.intoRow !== null) return <>{t('imports.intoRow', { row: row.intoRow })}</>;
  const changes = Object.entries(row.changes ?? {});
  if (!changes.length) return <span className="muted">{t('imports.noChanges')}</span>;
  return (
    <ul className="plain">
      {changes.map(([field, change]) => (
        <li key={field}>
          <strong>{label(field)}</strong>: {formatValue(change.from, t('imports.empty'))} → {formatValue(change.to, t('imports.empty'))}
        </li>
      ))}
    </ul>
  );
}

/** The rows that merge into a record the agency already has (or into an earlier row of the file), with each field's change. */
export function MergedRows({ importId }: { importId: string }) {
  const { t } = useI18n();
  const rows = usePagedApi<ImportRow>(`/imports/${importId}/rows?outcome=MERGE`);
  return (
    <section className="card" aria-labelledby="merged-title">
      <h2 id="merged-title">{t('imports.mergedRows')}</h2>
      <ListStatus list={rows} />
      <DataTable
        rows={rows.data?.items ?? []}
        columns={[
          { header: t('imports.row'), cell: (row) => row.row },
          { header: t('imports.changes'), cell: (row) => <Changes row={row} /> },
        ]}
      />
      <LoadMore list={rows} />
    </section>
  );
}
