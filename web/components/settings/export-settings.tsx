'use client';

import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';

/**
 * A plain download link rather than fetch: the browser streams the archive to disk with its own
 * progress, where buffering a large agency's zip in page memory could exhaust it.
 */
export function ExportSettings() {
  const { t } = useI18n();
  const { user, tenant, platform } = useSession();
  if (user.role !== 'OWNER') return <p className="muted">{t('settings.export.ownerOnly')}</p>;
  const href = platform ? `/api/platform/tenants/${tenant.id}/export` : '/api/export';
  return (
    <>
      <p className="muted">{t('settings.export.hint')}</p>
      <a className="button" href={href} download>
        {t('settings.export.button')}
      </a>
    </>
  );
}
