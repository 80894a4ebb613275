'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { TextField } from '../field';
import { Outcome } from '../outcome';

/**
 * The owner's erasure of a person on request. It cannot be undone, so the owner types the lead's
 * name (or the word the page asks for, for a lead without one) before the button works.
 */
export function EraseLead({ lead }: { lead: { id: string; name: string | null } }) {
  const { t } = useI18n();
  const router = useRouter();
  const action = useAction();
  const [typed, setTyped] = useState('');
  const keyword = t('leads.eraseKeyword');
  const confirmed = [keyword, lead.name?.trim()].some((expected) => expected && typed.trim().toLowerCase() === expected.toLowerCase());

  async function erase(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirmed) return;
    if (await action.run(() => api(`/leads/${lead.id}/erasure`, { method: 'POST' }))) router.push('/leads');
  }

  return (
    <section className="card" aria-labelledby="erase-title">
      <h2 id="erase-title" className="danger-text">{t('leads.erase')}</h2>
      <p className="muted">{t('leads.eraseExplain')}</p>
      <form onSubmit={erase} className="row">
        <TextField label={t('leads.eraseConfirm', { keyword })} name="confirmation" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
        <button type="submit" className="danger" disabled={!confirmed}>
          {t('leads.erase')}
        </button>
      </form>
      <Outcome problem={action.problem} />
    </section>
  );
}
