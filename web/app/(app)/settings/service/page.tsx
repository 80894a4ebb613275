import { OperationsSettings } from '../../../../components/settings/operations-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function ServiceSettingsPage() {
  return (
    <SettingsPage href="/settings/service">
      <SettingsCard id="service">
        <OperationsSettings />
      </SettingsCard>
    </SettingsPage>
  );
}
