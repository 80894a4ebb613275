'use client';

import { useState, type ReactNode } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';
import { Outcome } from '../outcome';
import { ToneBadge } from '../ui/status-badge';

/** A provider's settings at `path`: the saved state, the outcome of the last change, and "Probar conexión". */
export function useIntegrationSettings<T extends { configured: boolean }, Probe>(path: string) {
  const current = useApi<T>(path);
  const action = useAction();
  const [probe, setProbe] = useState<Probe>();
  return {
    current,
    action,
    probe,
    configured: current.data?.configured === true,
    async save(body: object, confirmation: string): Promise<void> {
      if (await action.run(() => api(path, { method: 'PUT', body }), confirmation)) await current.reload();
    },
    test(): void {
      void action.run(async () => setProbe(await api<Probe>(`${path}/test`, { method: 'POST' })));
    },
  };
}

/** The health badge of a configured integration, or "not configured". */
export function IntegrationStatus({ configured, health, label }: { configured: boolean; health?: string; label?: string }) {
  const { t } = useI18n();
  if (!configured) return <p className="muted">{t('settings.notConfigured')}</p>;
  return (
    <p>
      {t('settings.status')}: <ToneBadge tone={health === 'UNHEALTHY' ? 'negative' : 'positive'} text={label ?? health ?? ''} />
    </p>
  );
}

/** The outcome of the last change, Guardar and Probar conexión (plus any `extra` buttons), and the provider's answer. */
export function IntegrationActions({ settings, probeText, extra }: { settings: Pick<ReturnType<typeof useIntegrationSettings>, 'action' | 'configured' | 'test'>; probeText?: { ok: boolean; text: string }; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <Outcome problem={settings.action.problem} done={settings.action.done} />
      <div className="row">
        <button type="submit">{t('common.save')}</button>
        <button type="button" className="secondary" disabled={!settings.configured} onClick={settings.test}>
          {t('settings.test')}
        </button>
        {extra}
      </div>
      {probeText ? (
        <p role="status" className={probeText.ok ? 'notice' : 'alert'}>
          {probeText.text}
        </p>
      ) : null}
    </>
  );
}
