'use client';

import type { FormEvent } from 'react';
import { useI18n } from '../../lib/i18n';
import { TextField } from '../field';
import { IntegrationActions, IntegrationStatus, useIntegrationSettings } from './integration-settings';

interface Integration {
  configured: boolean;
  health?: string;
  accessToken?: string;
  pageIds?: string[];
}

type Probe = { ok: true; pages: { id: string; name: string }[] } | { ok: false; reason: string };

/** Facebook pages whose lead-ads forms become leads, and the token that reads them. */
export function MetaLeadsSettings() {
  const { t } = useI18n();
  const settings = useIntegrationSettings<Integration, Probe>('/integrations/meta-leads');
  const { current, action, probe, configured, save } = settings;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const accessToken = String(form.get('accessToken') ?? '').trim();
    const pageIds = String(form.get('pageIds') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean);
    await save({ pageIds, ...(accessToken ? { accessToken } : {}) }, t('settings.saved'));
  }

  return (
    <form onSubmit={submit} noValidate>
      <p className="muted">{t('metaLeads.intro')}</p>
      <IntegrationStatus configured={configured} health={current.data?.health} />
      <TextField label={t('metaLeads.token')} name="accessToken" type="password" autoComplete="off" error={action.problem?.field('accessToken')} hint={configured ? t('settings.tokenKept', { masked: current.data!.accessToken ?? '' }) : undefined} />
      <TextField label={t('metaLeads.pages')} name="pageIds" defaultValue={current.data?.pageIds?.join(', ') ?? ''} key={current.data?.pageIds?.join()} hint={t('metaLeads.pagesHint')} error={action.problem?.field('pageIds')} />
      <IntegrationActions settings={settings} probeText={probe && { ok: probe.ok, text: probe.ok ? t('metaLeads.testPassed', { pages: probe.pages.map((page) => page.name).join(', ') }) : t('settings.testFailed', { reason: probe.reason }) }} />
    </form>
  );
}
