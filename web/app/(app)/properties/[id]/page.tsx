'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { DataTable } from '../../../../components/data-table';
import { Loading, ProblemMessage } from '../../../../components/states';
import { useI18n } from '../../../../lib/i18n';
import { useLabel } from '../../../../lib/labels';
import { useApi } from '../../../../lib/use-api';
import { StatusBadge } from '../../../../components/ui/status-badge';

interface Property {
  id: string;
  title: string;
  description: string | null;
  price: number;
  currency: string;
  operation: string;
  type: string;
  zone: string;
  address: string | null;
  rooms: number | null;
  status: string;
  photoUrls: string[];
}

interface LeadMatch {
  score: number;
  reasons: string[];
  lead: { id: string; name: string | null; phone: string | null; stage: string };
}

export default function PropertyPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const label = useLabel();
  const property = useApi<Property>(`/properties/${id}`);
  const matches = useApi<{ items: (LeadMatch & { id: string })[] }>(`/properties/${id}/matches?limit=50`);

  if (property.error) return <ProblemMessage problem={property.error} />;
  if (!property.data) return <Loading />;
  const current = property.data;
  return (
    <>
      <h1>{current.title}</h1>
      <section className="card grid">
        {current.photoUrls[0] ? <img src={current.photoUrls[0]} alt={current.title} style={{ maxWidth: '100%', borderRadius: 8 }} /> : null}
        <div>
          <p>
            {label('operation', current.operation)} · {label('propertyType', current.type)} · {current.zone}
            {current.address ? ` · ${current.address}` : ''}
          </p>
          <p className="stat">
            {current.currency} {current.price.toLocaleString('es-AR')}
          </p>
          <p>
            <StatusBadge kind="propertyStatus" code={current.status} />
          </p>
          {current.description ? <p>{current.description}</p> : null}
        </div>
      </section>
      <section className="card" aria-labelledby="matching-title">
        <h2 id="matching-title">{t('properties.matchingLeads')}</h2>
        <DataTable
          rows={(matches.data?.items ?? []).map((match) => ({ ...match, id: match.lead.id }))}
          columns={[
            { header: t('leads.name'), cell: (match) => <Link href={`/leads/${match.lead.id}`}>{match.lead.name ?? match.lead.phone ?? '—'}</Link> },
            { header: t('leads.stage'), cell: (match) => label('stage', match.lead.stage) },
            { header: '%', cell: (match) => match.score },
            { header: t('campaigns.reason'), cell: (match) => match.reasons.map((reason) => label('matchReason', reason)).join(', ') },
          ]}
        />
      </section>
    </>
  );
}
