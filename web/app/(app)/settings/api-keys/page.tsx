import { ApiKeySettings } from '../../../../components/settings/api-key-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function ApiKeySettingsPage() {
  return (
    <SettingsPage href="/settings/api-keys">
      <SettingsCard id="api-keys">
        <ApiKeySettings />
      </SettingsCard>
    </SettingsPage>
  );
}
