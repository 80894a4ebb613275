'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { Outcome } from '../outcome';
import { ExistingLead } from './existing-lead';
import { leadBody, type Lead } from './lead-body';
import { LeadFields } from './lead-fields';

/** "Nuevo lead": the API's phone rules and duplicate check apply, and a new lead opens on its own page. */
export function NewLead() {
  const { t } = useI18n();
  const router = useRouter();
  const action = useAction();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = leadBody(new FormData(event.currentTarget), 'create');
    await action.run(async () => {
      const created = await api<Lead>('/leads', { method: 'POST', body });
      router.push(`/leads/${created.id}`);
    }, t('leads.created'));
  }

  return (
    <details className="card">
      <summary>
        <strong>{t('leads.new')}</strong>
      </summary>
      <form onSubmit={create} noValidate aria-label={t('leads.new')}>
        <p className="muted">{t('leads.contactHint')}</p>
        <LeadFields purpose="create" problem={action.problem} />
        <ExistingLead problem={action.problem} />
        <Outcome problem={action.problem} done={action.done} />
        <button type="submit">{t('common.create')}</button>
      </form>
    </details>
  );
}
