'use client';

import type { FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';
import { SelectField, TextField } from '../field';
import { Outcome } from '../outcome';
import { Loading } from '../states';

interface Tenant {
  settings: { assignmentPolicy: string; slaMinutes: number; botEnabled: boolean; marketingCap: { messages: number; days: number } | null };
}

/** Both fields empty: no cap; otherwise both are sent, for the API to check. */
function marketingCapOf(form: FormData) {
  const [messages, days] = [form.get('marketingCapMessages'), form.get('marketingCapDays')].map((value) => String(value ?? '').trim());
  return messages === '' && days === '' ? null : { messages: Number(messages), days: Number(days) };
}

export function OperationsSettings() {
  const { t } = useI18n();
  const tenant = useApi<Tenant>('/tenant');
  const action = useAction();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const settings = { assignmentPolicy: form.get('assignmentPolicy'), slaMinutes: Number(form.get('slaMinutes')), botEnabled: form.get('botEnabled') === 'on', marketingCap: marketingCapOf(form) };
    await action.run(() => api('/tenant', { method: 'PATCH', body: { settings } }), t('settings.saved'));
  }

  if (!tenant.data) return <Loading />;
  const { settings } = tenant.data;
  return (
    <form onSubmit={save} noValidate>
      <SelectField
        label={t('settings.assignmentPolicy')}
        name="assignmentPolicy"
        defaultValue={settings.assignmentPolicy}
        options={[
          { value: 'ROUND_ROBIN', label: t('settings.roundRobin') },
          { value: 'LEAST_OPEN', label: t('settings.leastOpen') },
        ]}
      />
      <TextField label={t('settings.slaMinutes')} name="slaMinutes" type="number" min={1} step="any" defaultValue={settings.slaMinutes} error={action.problem?.field('settings.slaMinutes')} />
      <label className="check">
        <input type="checkbox" name="botEnabled" defaultChecked={settings.botEnabled} /> {t('settings.botEnabled')}
      </label>
      <fieldset>
        <legend>{t('settings.marketingCap')}</legend>
        <p className="muted">{t('settings.marketingCapHint')}</p>
        <div className="grid">
          <TextField label={t('settings.marketingCapMessages')} name="marketingCapMessages" type="number" min={1} max={100} step={1} defaultValue={settings.marketingCap?.messages ?? ''} error={action.problem?.field('settings.marketingCap.messages') ?? action.problem?.field('settings.marketingCap')} />
          <TextField label={t('settings.marketingCapDays')} name="marketingCapDays" type="number" min={1} max={90} step={1} defaultValue={settings.marketingCap?.days ?? ''} error={action.problem?.field('settings.marketingCap.days')} />
        </div>
      </fieldset>
      <Outcome problem={action.problem} done={action.done} />
      <button type="submit">{t('common.save')}</button>
    </form>
  );
}
