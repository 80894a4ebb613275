import { ProfileSettings } from '../../../../components/settings/profile-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function ProfileSettingsPage() {
  return (
    <SettingsPage href="/settings/profile">
      <SettingsCard id="profile">
        <ProfileSettings />
      </SettingsCard>
    </SettingsPage>
  );
}
