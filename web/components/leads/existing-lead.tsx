'use client';

import Link from 'next/link';
import type { ApiProblem } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/use-api';
import type { Lead } from './lead-body';

/** The lead a duplicate phone or DNI belongs to, when the API refused one: "Ya existe: Lucía Fernández — abrir". */
export function ExistingLead({ problem }: { problem?: ApiProblem }) {
  const id = problem?.status === 409 && typeof problem.members.existingLeadId === 'string' ? problem.members.existingLeadId : undefined;
  return id ? <ExistingLeadLink id={id} /> : null;
}

function ExistingLeadLink({ id }: { id: string }) {
  const { t } = useI18n();
  const lead = useApi<Lead>(`/leads/${id}`);
  const name = lead.data ? (lead.data.name ?? lead.data.phone ?? lead.data.dni ?? t('leads.noName')) : '…';
  return (
    <p role="alert" className="alert" data-testid="existing-lead">
      {t('leads.exists', { name })} — <Link href={`/leads/${id}`}>{t('leads.open')}</Link>
    </p>
  );
}
