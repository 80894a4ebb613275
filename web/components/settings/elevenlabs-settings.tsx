'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';
import { TextField } from '../field';
import { Outcome } from '../outcome';

interface Integration {
  configured: boolean;
  voiceId: string;
  modelId: string;
  apiKey: string;
  health: string;
}

type Probe = { ok: true } | { ok: false; reason: string };

export function ElevenLabsSettings() {
  const { t } = useI18n();
  const current = useApi<Integration>('/integrations/elevenlabs');
  const action = useAction();
  const [probe, setProbe] = useState<Probe>();
  const configured = current.data?.configured === true;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const apiKey = String(form.get('apiKey') ?? '').trim();
    const body = { voiceId: String(form.get('voiceId') ?? '').trim(), modelId: String(form.get('modelId') ?? '').trim() || undefined, ...(apiKey ? { apiKey } : {}) };
    if (await action.run(() => api('/integrations/elevenlabs', { method: 'PUT', body }), t('settings.saved'))) await current.reload();
  }

  return (
    <form onSubmit={save} noValidate>
      {configured ? (
        <p>
          {t('settings.status')}: <span className={`badge ${current.data!.health === 'UNHEALTHY' ? 'ERROR' : 'CONNECTED'}`}>{current.data!.health}</span>
        </p>
      ) : (
        <p className="muted">{t('settings.notConfigured')}</p>
      )}
      <TextField
        label={t('settings.apiKey')}
        name="apiKey"
        type="password"
        autoComplete="off"
        error={action.problem?.field('apiKey')}
        hint={configured ? t('settings.tokenKept', { masked: current.data!.apiKey }) : undefined}
      />
      <TextField label={t('settings.voiceId')} name="voiceId" defaultValue={current.data?.voiceId ?? ''} error={action.problem?.field('voiceId')} />
      <TextField label={t('settings.modelId')} name="modelId" defaultValue={current.data?.modelId ?? 'eleven_multilingual_v2'} error={action.problem?.field('modelId')} />
      <Outcome problem={action.problem} done={action.done} />
      <div className="row">
        <button type="submit">{t('common.save')}</button>
        <button type="button" className="secondary" disabled={!configured} onClick={() => void action.run(async () => setProbe(await api<Probe>('/integrations/elevenlabs/test', { method: 'POST' })))}>
          {t('settings.test')}
        </button>
      </div>
      {probe ? (
        <p role="status" className={probe.ok ? 'notice' : 'alert'}>
          {probe.ok ? t('settings.testPassed') : t('settings.testFailed', { reason: probe.reason }).replace('Meta', 'ElevenLabs')}
        </p>
      ) : null}
    </form>
  );
}
