'use client';

import type { FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';
import { useSession } from '../../lib/session';
import { ConfirmButton } from '../confirm-dialog';
import { DataTable } from '../data-table';
import { SelectField, TextField } from '../field';
import { Outcome } from '../outcome';

interface User {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
}

const ROLES = ['AGENT', 'ADMIN', 'OWNER'];

export function UsersSettings() {
  const { t } = useI18n();
  const label = useLabel();
  const { user: me } = useSession();
  const users = useApi<{ items: User[] }>('/users');
  const action = useAction();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = { name: form.get('name'), email: form.get('email'), role: form.get('role'), password: form.get('password') };
    if (await action.run(() => api('/users', { method: 'POST', body }), t('settings.saved'))) {
      formElement.reset();
      await users.reload();
    }
  }
  const change = (id: string, body: object) => action.run(async () => {
    await api(`/users/${id}`, { method: 'PATCH', body });
    await users.reload();
  }, t('settings.saved'));

  return (
    <>
      <DataTable
        rows={users.data?.items ?? []}
        columns={[
          { header: t('settings.userName'), cell: (user) => user.name },
          { header: t('settings.userEmail'), cell: (user) => user.email },
          {
            header: t('settings.userRole'),
            cell: (user) => (
              <select aria-label={`${t('settings.userRole')}: ${user.name}`} value={user.role} disabled={user.id === me.id} onChange={(event) => void change(user.id, { role: event.target.value })}>
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {label('role', role)}
                  </option>
                ))}
              </select>
            ),
          },
          {
            header: t('settings.active'),
            cell: (user) =>
              user.active && user.id !== me.id ? (
                <ConfirmButton
                  className="secondary"
                  label={t('settings.deactivate')}
                  title={t('settings.deactivateConfirm', { name: user.name })}
                  consequence={t('settings.deactivateConsequence')}
                  confirmLabel={t('settings.deactivate')}
                  onConfirm={() => void change(user.id, { active: false })}
                />
              ) : (
                String(user.active ? '✓' : '—')
              ),
          },
        ]}
      />
      <form onSubmit={create} noValidate aria-labelledby="new-user">
        <h3 id="new-user">{t('settings.newUser')}</h3>
        <div className="grid">
          <TextField label={t('settings.userName')} name="name" required error={action.problem?.field('name')} />
          <TextField label={t('settings.userEmail')} name="email" type="email" required error={action.problem?.field('email')} />
          <SelectField label={t('settings.userRole')} name="role" options={ROLES.map((role) => ({ value: role, label: label('role', role) }))} />
          <TextField label={t('settings.userPassword')} name="password" type="password" autoComplete="new-password" required error={action.problem?.field('password')} />
        </div>
        <Outcome problem={action.problem} done={action.done} />
        <button type="submit">{t('common.create')}</button>
      </form>
    </>
  );
}
