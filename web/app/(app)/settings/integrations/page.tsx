import { MetaLeadsSettings } from '../../../../components/settings/meta-leads-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function IntegrationSettingsPage() {
  return (
    <SettingsPage href="/settings/integrations">
      <SettingsCard id="meta-leads" title="settings.metaLeads">
        <MetaLeadsSettings />
      </SettingsCard>
    </SettingsPage>
  );
}
