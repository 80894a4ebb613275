'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { ManagersOnly } from '../../../components/app-shell';
import { useI18n } from '../../../lib/i18n';
import type { MessageKey } from '../../../lib/messages';
import { SETTINGS_SECTIONS, type SettingsHref } from './sections';

/** The settings pages, the current one marked; on phones it folds away and the back link remains. */
function SettingsMenu({ current }: { current: SettingsHref }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('settings.sections')} className="settings-menu">
      {SETTINGS_SECTIONS.map((section) => (
        <Link key={section.href} href={section.href} aria-current={section.href === current ? 'page' : undefined}>
          {t(section.title)}
        </Link>
      ))}
    </nav>
  );
}

/** One settings page: the menu, the way back to the index, its title and what it is for. */
export function SettingsPage({ href, children }: { href: SettingsHref; children: ReactNode }) {
  const { t } = useI18n();
  const section = SETTINGS_SECTIONS.find((candidate) => candidate.href === href)!;
  return (
    <ManagersOnly>
      <div className="settings-page">
        <SettingsMenu current={href} />
        <div>
          <p className="settings-back">
            <Link href="/settings">
              <span aria-hidden="true">← </span>
              {t('settings.back')}
            </Link>
          </p>
          <h1>{t(section.title)}</h1>
          <p className="muted">{t(section.hint)}</p>
          {children}
        </div>
      </div>
    </ManagersOnly>
  );
}

/** A card of a settings page; `title` when the page has more than one. */
export function SettingsCard({ id, title, children }: { id: string; title?: MessageKey; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section id={id} className="card" aria-labelledby={title ? `${id}-title` : undefined}>
      {title ? <h2 id={`${id}-title`}>{t(title)}</h2> : null}
      {children}
    </section>
  );
}
