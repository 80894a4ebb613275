import { UsersSettings } from '../../../../components/settings/users-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function UsersSettingsPage() {
  return (
    <SettingsPage href="/settings/users">
      <SettingsCard id="users">
        <UsersSettings />
      </SettingsCard>
    </SettingsPage>
  );
}
