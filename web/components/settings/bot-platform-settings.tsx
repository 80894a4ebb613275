'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { ConfirmButton } from '../confirm-dialog';
import { TextField } from '../field';
import { IntegrationActions, IntegrationStatus, useIntegrationSettings } from './integration-settings';

type Platform = 'manychat' | 'uchat';

interface Integration {
  configured: boolean;
  active?: boolean;
  health?: string;
  lastError?: string | null;
  apiKey?: string;
  handoffTag?: string;
  resumeFlow?: string | null;
  inboundUrl: string;
  inboundToken?: string;
}

type Probe = { ok: true } | { ok: false; reason: string };

const LABEL: Record<Platform, string> = { manychat: 'ManyChat', uchat: 'UChat' };
const EXAMPLE_BODY: Record<Platform, string> = {
  manychat: '{ "contactId": "{{subscriber_id}}", "name": "{{first_name}} {{last_name}}", "phone": "{{whatsapp_phone}}", "text": "{{last_input_text}}" }',
  uchat: '{ "contactId": "{{user_ns}}", "name": "{{full_name}}", "phone": "{{phone}}", "text": "{{last_input}}" }',
};

/** One bot platform: its key, hand-off tag and resume flow, and the token its flows send to Astor (shown once). */
function PlatformForm({ platform }: { platform: Platform }) {
  const { t } = useI18n();
  const path = `/integrations/${platform}`;
  const settings = useIntegrationSettings<Integration, Probe>(path);
  const { current, action, probe, configured } = settings;
  const [revealed, setRevealed] = useState<{ inboundUrl: string; inboundToken: string }>();
  const data = current.data;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const apiKey = String(form.get('apiKey') ?? '').trim();
    const resumeFlow = String(form.get('resumeFlow') ?? '').trim();
    const body = { handoffTag: String(form.get('handoffTag') ?? '').trim() || undefined, resumeFlow: resumeFlow || null, active: form.get('active') === 'on', ...(apiKey ? { apiKey } : {}) };
    const saved = await action.run(async () => {
      const answer = await api<Integration>(path, { method: 'PUT', body });
      if (!configured && answer.inboundToken) setRevealed({ inboundUrl: answer.inboundUrl, inboundToken: answer.inboundToken });
    }, t('settings.saved'));
    if (saved) await current.reload();
  }

  async function rotate() {
    await action.run(async () => setRevealed(await api<{ inboundUrl: string; inboundToken: string }>(`${path}/inbound-token`, { method: 'POST' })), t('bots.tokenRotated'));
  }

  return (
    <form onSubmit={save} noValidate aria-label={LABEL[platform]}>
      <h3>{LABEL[platform]}</h3>
      <IntegrationStatus configured={configured} health={data?.health} label={data?.active ? data.health : t('bots.inactive')} />
      <TextField label={t('settings.apiKey')} name="apiKey" type="password" autoComplete="off" error={action.problem?.field('apiKey')} hint={configured ? t('settings.tokenKept', { masked: data!.apiKey ?? '' }) : undefined} />
      <TextField label={t('bots.handoffTag')} name="handoffTag" defaultValue={data?.handoffTag ?? 'astor_agente'} hint={t('bots.handoffTagHint')} error={action.problem?.field('handoffTag')} />
      <TextField label={t('bots.resumeFlow')} name="resumeFlow" defaultValue={data?.resumeFlow ?? ''} hint={t('bots.resumeFlowHint')} error={action.problem?.field('resumeFlow')} />
      <label className="check">
        <input type="checkbox" name="active" defaultChecked={data?.active ?? true} key={String(data?.active)} /> {t('bots.active')}
      </label>
      <IntegrationActions
        settings={settings}
        probeText={probe && { ok: probe.ok, text: probe.ok ? t('settings.testPassed') : t('bots.testFailed', { platform: LABEL[platform], reason: probe.reason }) }}
        extra={
          <ConfirmButton
            className="secondary"
            disabled={!configured}
            label={t('bots.rotateToken')}
            title={t('bots.rotateConfirm', { platform: LABEL[platform] })}
            consequence={t('bots.rotateConsequence')}
            confirmLabel={t('bots.rotateToken')}
            onConfirm={() => void rotate()}
          />
        }
      />
      {revealed ? (
        <div className="notice" role="status">
          <p>{t('bots.tokenOnce')}</p>
          <p>
            {t('bots.requestUrl')}: <code>POST {revealed.inboundUrl}</code>
          </p>
          <p>
            {t('bots.requestHeader')}: <code>X-Astor-Token: {revealed.inboundToken}</code>
          </p>
          <p>
            {t('bots.requestBody')}: <code>{EXAMPLE_BODY[platform]}</code>
          </p>
        </div>
      ) : configured ? (
        <p className="muted">{t('bots.requestHelp', { url: data!.inboundUrl })}</p>
      ) : null}
    </form>
  );
}

/** ManyChat or UChat as the agency's bot (one at a time): their flows answer until a person takes over. */
export function BotPlatformSettings() {
  const { t } = useI18n();
  return (
    <>
      <p className="muted">{t('bots.intro')}</p>
      <PlatformForm platform="manychat" />
      <PlatformForm platform="uchat" />
    </>
  );
}
