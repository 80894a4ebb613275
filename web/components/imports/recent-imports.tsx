'use client';

import Link from 'next/link';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/use-api';
import { useClock } from '../../lib/use-clock';
import { DataTable } from '../data-table';
import { ListStatus } from '../states';
import { ImportStatusBadge } from './import-status-badge';
import type { ImportListItem } from './import-types';

/** The agency's latest imports, newest first, each opening its own page. */
export function RecentImports() {
  const { t } = useI18n();
  const { dateTime } = useClock();
  const list = useApi<{ items: ImportListItem[] }>('/imports');
  return (
    <section className="card" aria-labelledby="recent-imports-title">
      <h2 id="recent-imports-title">{t('imports.recent')}</h2>
      <ListStatus list={list} />
      <DataTable
        rows={list.data?.items ?? []}
        columns={[
          { header: t('imports.fileName'), cell: (found) => <Link href={`/settings/imports/${found.id}`}>{found.fileName}</Link> },
          { header: t('imports.entity'), cell: (found) => t(found.entity === 'leads' ? 'imports.entity.leads' : 'imports.entity.properties') },
          { header: t('imports.date'), cell: (found) => dateTime(found.createdAt) },
          { header: t('imports.state'), cell: (found) => <ImportStatusBadge status={found.status} /> },
          { header: t('imports.rows'), cell: (found) => found.planned.rows },
        ]}
      />
    </section>
  );
}
