'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { ConfirmDialog } from '../confirm-dialog';
import { TextField } from '../field';
import { Outcome } from '../outcome';

/**
 * The owner's erasure of a person on request. It cannot be undone, so the owner confirms it in a
 * dialog and types the lead's name (or the word the dialog asks for, for a lead without one) first.
 */
export function EraseLead({ lead }: { lead: { id: string; name: string | null } }) {
  const { t } = useI18n();
  const router = useRouter();
  const action = useAction();
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const keyword = t('leads.eraseKeyword');
  const confirmed = [keyword, lead.name?.trim()].some((expected) => expected && typed.trim().toLowerCase() === expected.toLowerCase());

  function ask() {
    setTyped('');
    setAsking(true);
  }

  async function erase() {
    setAsking(false);
    if (await action.run(() => api(`/leads/${lead.id}/erasure`, { method: 'POST' }))) router.push('/leads');
  }

  return (
    <section className="card" aria-labelledby="erase-title">
      <h2 id="erase-title" className="danger-text">{t('leads.erase')}</h2>
      <p className="muted">{t('leads.eraseExplain')}</p>
      <button type="button" className="danger" aria-haspopup="dialog" onClick={ask}>
        {t('leads.erase')}
      </button>
      {asking ? (
        <ConfirmDialog
          title={t('leads.eraseTitle', { name: lead.name?.trim() ? `«${lead.name.trim()}»` : t('leads.eraseUnnamed') })}
          consequence={t('leads.eraseConsequence')}
          confirmLabel={t('leads.erase')}
          confirmDisabled={!confirmed}
          onCancel={() => setAsking(false)}
          onConfirm={() => void erase()}
        >
          <TextField label={t('leads.eraseConfirm', { keyword })} name="confirmation" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
        </ConfirmDialog>
      ) : null}
      <Outcome problem={action.problem} />
    </section>
  );
}
