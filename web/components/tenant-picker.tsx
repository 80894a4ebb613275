'use client';

import { actIn } from '../lib/acting-tenant';
import { useI18n } from '../lib/i18n';
import { useApi } from '../lib/use-api';
import { PlatformProblems } from './platform-problems';
import { ListStatus } from './states';

/** For superadmins: the agencies of the platform, one click to work in one. */
export function TenantPicker() {
  const { t } = useI18n();
  const tenants = useApi<{ items: { id: string; name: string; slug: string; active: boolean }[] }>('/platform/tenants');
  return (
    <main className="login card">
      <PlatformProblems />
      <h1>{t('platform.pick')}</h1>
      <ListStatus list={tenants} />
      <ul className="conversations">
        {tenants.data?.items
          .filter((tenant) => tenant.active)
          .map((tenant) => (
            <li key={tenant.id}>
              <button type="button" onClick={() => actIn(tenant.slug)}>
                <strong>{tenant.name}</strong>
                <span className="muted">{tenant.slug}</span>
              </button>
            </li>
          ))}
      </ul>
    </main>
  );
}
