'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';
import { ConfirmButton } from '../confirm-dialog';
import { DataTable } from '../data-table';
import { TextField } from '../field';
import { Outcome } from '../outcome';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export function ApiKeySettings() {
  const { t } = useI18n();
  const keys = useApi<{ items: ApiKey[] }>('/api-keys');
  const action = useAction();
  const [shown, setShown] = useState<string>();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = new FormData(formElement).get('name');
    const ok = await action.run(async () => setShown((await api<{ key: string }>('/api-keys', { method: 'POST', body: { name } })).key));
    if (ok) {
      formElement.reset();
      await keys.reload();
    }
  }

  async function revoke(key: ApiKey) {
    await action.run(async () => {
      await api(`/api-keys/${key.id}`, { method: 'DELETE' });
      await keys.reload();
    });
  }

  return (
    <>
      <DataTable
        rows={keys.data?.items ?? []}
        columns={[
          { header: t('settings.newKey'), cell: (key) => key.name },
          { header: t('settings.keyPrefix'), cell: (key) => <code>{key.prefix}…</code> },
          {
            header: t('settings.status'),
            cell: (key) =>
              key.revokedAt ? (
                t('settings.revoked')
              ) : (
                <ConfirmButton
                  className="secondary"
                  label={t('settings.revoke')}
                  title={t('settings.revokeConfirm', { name: key.name })}
                  consequence={t('settings.revokeConsequence')}
                  confirmLabel={t('settings.revoke')}
                  onConfirm={() => void revoke(key)}
                />
              ),
          },
        ]}
      />
      <form onSubmit={create} noValidate className="row">
        <TextField label={t('settings.newKey')} name="name" required error={action.problem?.field('name')} />
        <button type="submit">{t('settings.createKey')}</button>
      </form>
      <Outcome problem={action.problem} />
      {shown ? (
        <p role="status" className="notice">
          {t('settings.keyOnce', { key: shown })}
        </p>
      ) : null}
    </>
  );
}
