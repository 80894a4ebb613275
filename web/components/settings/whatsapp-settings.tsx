'use client';

import { useState, type FormEvent } from 'react';
import { TextField } from '../field';
import { Loading, ProblemMessage } from '../states';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { Outcome } from '../outcome';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/use-api';

interface Channel {
  configured: boolean;
  apiType: string;
  phoneNumberId: string | null;
  displayPhoneNumber: string | null;
  status: string;
  accessToken?: string | null;
}

type ProbeOutcome = { ok: true; displayPhoneNumber: string } | { ok: false; reason: string; code?: string };

export function WhatsAppSettings() {
  const { t } = useI18n();
  const channel = useApi<Channel>('/channels/whatsapp');
  const action = useAction();
  const [probe, setProbe] = useState<ProbeOutcome>();
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const token = String(form.get('accessToken') ?? '').trim();
    const body = { apiType: 'BUSINESS_API', phoneNumberId: String(form.get('phoneNumberId') ?? '').trim(), ...(token ? { accessToken: token } : {}) };
    if (await action.run(() => api('/channels/whatsapp', { method: 'PUT', body }), t('settings.saved'))) await channel.reload();
  }

  async function test() {
    setBusy(true);
    await action.run(async () => {
      setProbe(await api<ProbeOutcome>('/channels/whatsapp/test', { method: 'POST' }));
      await channel.reload();
    });
    setBusy(false);
  }

  if (channel.error) return <ProblemMessage problem={channel.error} />;
  if (!channel.data) return <Loading />;
  const current = channel.data?.configured ? channel.data : undefined;
  return (
    <>
      {current ? (
        <p>
          {t('settings.status')}: <span className={`badge ${current.status}`}>{current.status}</span> {current.displayPhoneNumber ?? ''}
        </p>
      ) : null}
      <form onSubmit={save} noValidate>
        <TextField label={t('settings.phoneNumberId')} name="phoneNumberId" inputMode="numeric" defaultValue={current?.phoneNumberId ?? ''} error={action.problem?.field('phoneNumberId')} />
        <TextField
          label={t('settings.accessToken')}
          name="accessToken"
          type="password"
          autoComplete="off"
          error={action.problem?.field('accessToken')}
          hint={current?.accessToken ? t('settings.tokenKept', { masked: current.accessToken }) : undefined}
        />
        <Outcome problem={action.problem} done={action.done} />
        <div className="row">
          <button type="submit">{t('common.save')}</button>
          <button type="button" className="secondary" onClick={test} disabled={busy || !current}>
            {t('settings.test')}
          </button>
        </div>
      </form>
      {probe ? (
        <p role="status" className={probe.ok ? 'notice' : 'alert'} data-testid="probe-result">
          {probe.ok ? t('settings.testOk', { number: probe.displayPhoneNumber }) : t('settings.testFailed', { reason: probe.reason })}
        </p>
      ) : null}
    </>
  );
}
