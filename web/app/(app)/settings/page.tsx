'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { ManagersOnly } from '../../../components/app-shell';
import { ApiKeySettings } from '../../../components/settings/api-key-settings';
import { AutomationSettings } from '../../../components/settings/automation-settings';
import { BotPlatformSettings } from '../../../components/settings/bot-platform-settings';
import { MetaLeadsSettings } from '../../../components/settings/meta-leads-settings';
import { ExportSettings } from '../../../components/settings/export-settings';
import { ElevenLabsSettings } from '../../../components/settings/elevenlabs-settings';
import { HealthSettings } from '../../../components/settings/health-settings';
import { OperationsSettings } from '../../../components/settings/operations-settings';
import { ProfileSettings } from '../../../components/settings/profile-settings';
import { TemplateSettings } from '../../../components/settings/template-settings';
import { UsersSettings } from '../../../components/settings/users-settings';
import { WhatsAppSettings } from '../../../components/settings/whatsapp-settings';
import { useI18n } from '../../../lib/i18n';
import type { MessageKey } from '../../../lib/messages';

const SECTIONS: { id: string; title: MessageKey; body: () => ReactNode }[] = [
  { id: 'health', title: 'health.title', body: () => <HealthSettings /> },
  { id: 'whatsapp', title: 'settings.whatsapp', body: () => <WhatsAppSettings /> },
  { id: 'templates', title: 'settings.templates', body: () => <TemplateSettings /> },
  { id: 'voice', title: 'settings.elevenlabs', body: () => <ElevenLabsSettings /> },
  { id: 'bots', title: 'settings.bots', body: () => <BotPlatformSettings /> },
  { id: 'meta-leads', title: 'settings.metaLeads', body: () => <MetaLeadsSettings /> },
  { id: 'service', title: 'settings.operations', body: () => <OperationsSettings /> },
  { id: 'automations', title: 'settings.automations', body: () => <AutomationSettings /> },
  { id: 'users', title: 'settings.users', body: () => <UsersSettings /> },
  { id: 'api-keys', title: 'settings.apiKeys', body: () => <ApiKeySettings /> },
  { id: 'profile', title: 'settings.profile', body: () => <ProfileSettings /> },
  { id: 'export', title: 'settings.export', body: () => <ExportSettings /> },
];

export default function SettingsPage() {
  const { t } = useI18n();
  return (
    <ManagersOnly>
      <h1>{t('settings.title')}</h1>
      <p>
        <Link href="/settings/imports">{t('settings.imports')}</Link> <span className="muted">· {t('settings.importsHint')}</span>
      </p>
      <nav aria-label={t('settings.sections')} className="row section-links">
        {SECTIONS.map((section) => (
          <a key={section.id} href={`#${section.id}`}>
            {t(section.title)}
          </a>
        ))}
      </nav>
      {SECTIONS.map((section) => (
        <section key={section.id} id={section.id} className="card" aria-labelledby={`${section.id}-title`}>
          <h2 id={`${section.id}-title`}>{t(section.title)}</h2>
          {section.body()}
        </section>
      ))}
    </ManagersOnly>
  );
}
