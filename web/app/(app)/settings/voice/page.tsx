import { ElevenLabsSettings } from '../../../../components/settings/elevenlabs-settings';
import { SettingsCard, SettingsPage } from '../settings-page';

export default function VoiceSettingsPage() {
  return (
    <SettingsPage href="/settings/voice">
      <SettingsCard id="voice">
        <ElevenLabsSettings />
      </SettingsCard>
    </SettingsPage>
  );
}
