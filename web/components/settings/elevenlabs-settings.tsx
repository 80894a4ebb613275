'use client';

import type { FormEvent } from 'react';
import { useI18n } from '../../lib/i18n';
import { TextField } from '../field';
import { IntegrationActions, IntegrationStatus, useIntegrationSettings } from './integration-settings';

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
  const settings = useIntegrationSettings<Integration, Probe>('/integrations/elevenlabs');
  const { current, action, probe, configured, save } = settings;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const apiKey = String(form.get('apiKey') ?? '').trim();
    await save({ voiceId: String(form.get('voiceId') ?? '').trim(), modelId: String(form.get('modelId') ?? '').trim() || undefined, ...(apiKey ? { apiKey } : {}) }, t('settings.saved'));
  }

  return (
    <form onSubmit={submit} noValidate>
      <IntegrationStatus configured={configured} health={current.data?.health} />
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
      <IntegrationActions settings={settings} probeText={probe && { ok: probe.ok, text: probe.ok ? t('settings.testPassed') : t('settings.testFailed', { reason: probe.reason }).replace('Meta', 'ElevenLabs') }} />
    </form>
  );
}
