'use client';

import Link from 'next/link';
import { ExportSettings } from '../../../../components/settings/export-settings';
import { useI18n } from '../../../../lib/i18n';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function DataSettingsPage() {
  const { t } = useI18n();
  return (
    <SettingsPage href="/settings/data">
      <SettingsCard id="export" title="settings.export">
        <ExportSettings />
      </SettingsCard>
      <SettingsCard id="imports" title="settings.imports">
        <p className="muted">{t('settings.importsHint')}</p>
        <p>
          <Link className="button secondary" href="/settings/imports">
            {t('settings.imports')}
          </Link>
        </p>
      </SettingsCard>
    </SettingsPage>
  );
}
