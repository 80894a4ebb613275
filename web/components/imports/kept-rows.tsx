'use client';

import { useI18n } from '../../lib/i18n';
import { usePagedApi } from '../../lib/use-paged-api';
import { DataTable } from '../data-table';
import { ListStatus, LoadMore } from '../states';
import { useFieldLabel } from './field-labels';
import { formatValue } from './format-value';
import type { ImportRow } from './import-types';

/** The rows undo left alone because someone edited their record after the import, with what the file had. */
export function KeptRows({ importId }: { importId: string }) {
  const { t } = useI18n();
  const label = useFieldLabel();
  const rows = usePagedApi<ImportRow>(`/imports/${importId}/rows?undo=kept`);
  const empty = t('imports.empty');
  return (
    <section className="card" aria-labelledby="kept-title">
      <h2 id="kept-title">{t('imports.keptRows')}</h2>
      <ListStatus list={rows} />
      <DataTable
        rows={rows.data?.items ?? []}
        columns={[
          { header: t('imports.row'), cell: (row) => row.row },
          {
            header: t('imports.values'),
            cell: (row) =>
              Object.entries(row.values ?? {})
                .filter(([, value]) => formatValue(value, empty) !== empty)
                .map(([field, value]) => `${label(field)}: ${formatValue(value, empty)}`)
                .join(' · '),
          },
        ]}
      />
      <LoadMore list={rows} />
    </section>
  );
}
