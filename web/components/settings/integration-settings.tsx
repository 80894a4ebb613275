'use client';

import { useState } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';

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
      {t('settings.status')}: <span className={`badge ${health === 'UNHEALTHY' ? 'ERROR' : 'CONNECTED'}`}>{label ?? health}</span>
    </p>
  );
}
