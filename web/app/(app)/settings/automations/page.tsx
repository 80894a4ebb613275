import { AutomationSettings } from '../../../../components/settings/automation-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function AutomationSettingsPage() {
  return (
    <SettingsPage href="/settings/automations">
      <SettingsCard id="automations">
        <AutomationSettings />
      </SettingsCard>
    </SettingsPage>
  );
}
