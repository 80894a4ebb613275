import { BotPlatformSettings } from '../../../../components/settings/bot-platform-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function BotSettingsPage() {
  return (
    <SettingsPage href="/settings/bot">
      <SettingsCard id="bots">
        <BotPlatformSettings />
      </SettingsCard>
    </SettingsPage>
  );
}
