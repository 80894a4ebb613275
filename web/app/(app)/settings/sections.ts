import type { MessageKey } from '../../../lib/messages';

export const SETTINGS_GROUPS = [
  { id: 'agency', title: 'settings.group.agency' },
  { id: 'channels', title: 'settings.group.channels' },
  { id: 'data', title: 'settings.group.data' },
] as const satisfies readonly { id: string; title: MessageKey }[];

/** Every settings page, in the order the index and the menu show them. All of them are for owners and admins. */
export const SETTINGS_SECTIONS = [
  { href: '/settings/profile', title: 'settings.profile', hint: 'settings.profile.hint', group: 'agency' },
  { href: '/settings/users', title: 'settings.users', hint: 'settings.users.hint', group: 'agency' },
  { href: '/settings/service', title: 'settings.operations', hint: 'settings.operations.hint', group: 'agency' },
  { href: '/settings/automations', title: 'settings.automations', hint: 'settings.automations.hint', group: 'agency' },
  { href: '/settings/whatsapp', title: 'settings.whatsappPage', hint: 'settings.whatsappPage.hint', group: 'channels' },
  { href: '/settings/bot', title: 'settings.bots', hint: 'settings.bots.hint', group: 'channels' },
  { href: '/settings/voice', title: 'settings.elevenlabs', hint: 'settings.elevenlabs.hint', group: 'channels' },
  { href: '/settings/integrations', title: 'settings.integrations', hint: 'settings.integrations.hint', group: 'channels' },
  { href: '/settings/api-keys', title: 'settings.apiKeys', hint: 'settings.apiKeys.hint', group: 'channels' },
  { href: '/settings/data', title: 'settings.data', hint: 'settings.data.hint', group: 'data' },
  { href: '/settings/imports', title: 'settings.imports', hint: 'settings.importsHint', group: 'data' },
  { href: '/settings/health', title: 'health.title', hint: 'settings.health.hint', group: 'data' },
] as const satisfies readonly { href: string; title: MessageKey; hint: MessageKey; group: (typeof SETTINGS_GROUPS)[number]['id'] }[];

export type SettingsHref = (typeof SETTINGS_SECTIONS)[number]['href'];
