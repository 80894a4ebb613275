'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { DataTable } from '../../../components/data-table';
import { SelectField, TextField } from '../../../components/field';
import { NewLead } from '../../../components/leads/new-lead';
import { ListStatus, LoadMore } from '../../../components/states';
import { useI18n } from '../../../lib/i18n';
import { useLabel } from '../../../lib/labels';
import { STAGES, stageLabel } from '../../../lib/stages';
import { usePagedApi } from '../../../lib/use-paged-api';
import { Users } from 'lucide-react';
import { Avatar } from '../../../components/ui/avatar';
import { EmptyState } from '../../../components/ui/empty-state';
import { StatusBadge } from '../../../components/ui/status-badge';

interface LeadRow {
  id: string;
  name: string | null;
  phone: string | null;
  stage: string;
  origin: string;
  searchZone: string | null;
  tags: string[];
}

export default function LeadsPage() {
  const { t } = useI18n();
  const label = useLabel();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [stage, setStage] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const params = new URLSearchParams({ limit: '100', ...(query ? { q: query } : {}), ...(stage ? { stage } : {}) });
  const list = usePagedApi<LeadRow>(`/leads?${params.toString()}`);

  return (
    <>
      <h1>{t('leads.title')}</h1>
      <NewLead />
      <div className="grid">
        <TextField label={t('leads.search')} type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        <SelectField
          label={t('leads.stage')}
          value={stage}
          onChange={(event) => setStage(event.target.value)}
          options={[{ value: '', label: t('leads.allStages') }, ...STAGES.map((value) => ({ value, label: t(stageLabel(value)) }))]}
        />
      </div>
      <ListStatus list={list} empty={<EmptyState icon={Users} title={t(search || stage ? 'leads.noMatches' : 'leads.empty')} hint={t(search || stage ? 'leads.noMatchesHint' : 'leads.emptyHint')} />} />
      <DataTable
        rows={list.data?.items ?? []}
        columns={[
          {
            header: t('leads.name'),
            cell: (lead) => (
              <span className="person">
                <Avatar name={lead.name} phone={lead.phone} size="small" />
                <Link href={`/leads/${lead.id}`}>{lead.name ?? lead.phone ?? '—'}</Link>
              </span>
            ),
          },
          { header: t('leads.phone'), cell: (lead) => lead.phone ?? '—' },
          { header: t('leads.stage'), cell: (lead) => <StatusBadge kind="stage" code={lead.stage} /> },
          { header: t('leads.origin'), cell: (lead) => label('origin', lead.origin) },
          { header: t('leads.zone'), cell: (lead) => lead.searchZone ?? '' },
          { header: t('leads.tags'), cell: (lead) => lead.tags.join(', ') },
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}
