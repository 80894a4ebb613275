'use client';

import type { FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { Outcome } from '../outcome';
import { ExistingLead } from './existing-lead';
import { leadBody, type Lead } from './lead-body';
import { LeadFields } from './lead-fields';

/** The lead's details as a form; a phone or DNI already on another lead names that lead. */
export function EditLead({ lead, onSaved }: { lead: Lead; onSaved(): Promise<unknown> }) {
  const { t } = useI18n();
  const action = useAction();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = leadBody(new FormData(event.currentTarget), 'update');
    if (await action.run(() => api(`/leads/${lead.id}`, { method: 'PATCH', body }), t('leads.saved'))) await onSaved();
  }

  return (
    <details className="card">
      <summary>
        <strong>{t('leads.edit')}</strong>
      </summary>
      <form key={lead.updatedAt} onSubmit={save} noValidate aria-label={t('leads.edit')}>
        <LeadFields purpose="update" lead={lead} problem={action.problem} />
        <ExistingLead problem={action.problem} />
        <Outcome problem={action.problem} done={action.done} />
        <button type="submit">{t('common.save')}</button>
      </form>
    </details>
  );
}
