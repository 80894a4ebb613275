'use client';

import Link from 'next/link';
import { ManagersOnly } from '../../../../components/app-shell';
import { ImportWizard } from '../../../../components/imports/import-wizard';
import { RecentImports } from '../../../../components/imports/recent-imports';
import { useI18n } from '../../../../lib/i18n';

export default function ImportsPage() {
  const { t } = useI18n();
  return (
    <ManagersOnly>
      <p>
        <Link href="/settings">{t('settings.title')}</Link>
      </p>
      <h1>{t('imports.title')}</h1>
      <p className="muted">{t('imports.intro')}</p>
      <ImportWizard />
      <RecentImports />
    </ManagersOnly>
  );
}
