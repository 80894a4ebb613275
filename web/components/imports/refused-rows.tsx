'use client';

import { useI18n } from '../../lib/i18n';
import { usePagedApi } from '../../lib/use-paged-api';
import { DataTable } from '../data-table';
import { ListStatus, LoadMore } from '../states';
import { useFieldLabel } from './field-labels';
import type { ImportRow } from './import-types';

/** The rows the import refuses, one line per problem: the row, the file's column and why. */
export function RefusedRows({ importId }: { importId: string }) {
  const { t } = useI18n();
  const label = useFieldLabel();
  const rows = usePagedApi<ImportRow>(`/imports/${importId}/rows?outcome=REFUSE`);
  const problems = (rows.data?.items ?? []).flatMap((row) => (row.errors ?? []).map((error, index) => ({ id: `${row.row}-${index}`, row: row.row, ...error })));
  return (
    <section className="card" aria-labelledby="refused-title">
      <h2 id="refused-title">{t('imports.refusedRows')}</h2>
      <ListStatus list={rows} />
      <DataTable
        rows={problems}
        columns={[
          { header: t('imports.row'), cell: (problem) => problem.row },
          { header: t('imports.problemColumn'), cell: (problem) => problem.column ?? label(problem.field) },
          { header: t('imports.reason'), cell: (problem) => problem.message },
        ]}
      />
      <LoadMore list={rows} />
    </section>
  );
}
