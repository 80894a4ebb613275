'use client';

import { useI18n } from '../../lib/i18n';
import { DataTable } from '../data-table';
import { useFieldLabel } from './field-labels';
import type { Columns, ImportPreview } from './import-types';

const SKIP = '';

/** Each header of the file with the Astor field it fills and its first values; a field one column took is not offered to another. */
export function ColumnMappingTable({ preview, columns, onChange }: { preview: ImportPreview; columns: Columns; onChange(columns: Columns): void }) {
  const { t } = useI18n();
  const label = useFieldLabel();
  const rows = preview.headers.map((header, index) => ({ id: header, header, index }));
  const takenBy = (field: string) => Object.entries(columns).find(([, taken]) => taken === field)?.[0];

  return (
    <DataTable
      rows={rows}
      columns={[
        { header: t('imports.column'), cell: ({ header }) => <strong>{header}</strong> },
        {
          header: t('imports.field'),
          cell: ({ header }) => (
            <select aria-label={t('imports.fieldFor', { header })} value={columns[header] ?? SKIP} onChange={(event) => onChange({ ...columns, [header]: event.target.value === SKIP ? null : event.target.value })}>
              <option value={SKIP}>{t('imports.skip')}</option>
              {preview.fields.map((field) => (
                <option key={field} value={field} disabled={![undefined, header].includes(takenBy(field))}>
                  {label(field)}
                </option>
              ))}
            </select>
          ),
        },
        ...preview.sample.map((values, sampleIndex) => ({ header: t('imports.sampleRow', { row: sampleIndex + 2 }), cell: ({ index }: { index: number }) => <span className="muted">{values[index] ?? ''}</span> })),
      ]}
    />
  );
}
