import { HealthSettings } from '../../../../components/settings/health-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function HealthSettingsPage() {
  return (
    <SettingsPage href="/settings/health">
      <SettingsCard id="health">
        <HealthSettings />
      </SettingsCard>
    </SettingsPage>
  );
}
