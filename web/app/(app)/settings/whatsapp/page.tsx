import { TemplateSettings } from '../../../../components/settings/template-settings';
import { WhatsAppSettings } from '../../../../components/settings/whatsapp-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function WhatsAppSettingsPage() {
  return (
    <SettingsPage href="/settings/whatsapp">
      <SettingsCard id="whatsapp" title="settings.whatsapp">
        <WhatsAppSettings />
      </SettingsCard>
      <SettingsCard id="templates" title="settings.templates">
        <TemplateSettings />
      </SettingsCard>
    </SettingsPage>
  );
}
