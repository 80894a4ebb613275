'use client';

import { useState, type FormEvent } from 'react';
import { TextField } from '../field';
import { Loading, ProblemMessage } from '../states';
import { api, ApiProblem } from '../../lib/api';
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
  const [problem, setProblem] = useState<ApiProblem>();
  const [notice, setNotice] = useState<string>();
  const [probe, setProbe] = useState<ProbeOutcome>();
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const token = String(form.get('accessToken') ?? '').trim();
    try {
      await api('/channels/whatsapp', { method: 'PUT', body: { apiType: 'BUSINESS_API', phoneNumberId: String(form.get('phoneNumberId') ?? '').trim(), ...(token ? { accessToken: token } : {}) } });
      setProblem(undefined);
      setNotice(t('settings.saved'));
      await channel.reload();
    } catch (error) {
      setNotice(undefined);
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, String(error), undefined));
    }
  }

  async function test() {
    setBusy(true);
    try {
      setProbe(await api<ProbeOutcome>('/channels/whatsapp/test', { method: 'POST' }));
      await channel.reload();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, String(error), undefined));
    } finally {
      setBusy(false);
    }
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
        <TextField label={t('settings.phoneNumberId')} name="phoneNumberId" inputMode="numeric" defaultValue={current?.phoneNumberId ?? ''} error={problem?.field('phoneNumberId')} />
        <TextField
          label={t('settings.accessToken')}
          name="accessToken"
          type="password"
          autoComplete="off"
          error={problem?.field('accessToken')}
          hint={current?.accessToken ? t('settings.tokenKept', { masked: current.accessToken }) : undefined}
        />
        {problem && problem.errors.length === 0 ? <ProblemMessage problem={problem} /> : null}
        {notice ? (
          <p role="status" className="notice">
            {notice}
          </p>
        ) : null}
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
