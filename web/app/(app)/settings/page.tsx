'use client';

import Link from 'next/link';
import { ManagersOnly } from '../../../components/app-shell';
import { useI18n } from '../../../lib/i18n';
import { SETTINGS_GROUPS, SETTINGS_SECTIONS } from './sections';

/** The settings index: one card per page, grouped as an admin looks for them. */
export default function SettingsIndexPage() {
  const { t } = useI18n();
  return (
    <ManagersOnly>
      <h1>{t('settings.title')}</h1>
      {SETTINGS_GROUPS.map((group) => (
        <section key={group.id} aria-labelledby={`group-${group.id}`}>
          <h2 id={`group-${group.id}`}>{t(group.title)}</h2>
          <ul className="settings-index">
            {SETTINGS_SECTIONS.filter((section) => section.group === group.id).map((section) => (
              <li key={section.href}>
                <h3>
                  <Link href={section.href}>{t(section.title)}</Link>
                </h3>
                <p className="muted">{t(section.hint)}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </ManagersOnly>
  );
}
