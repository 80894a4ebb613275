'use client';

import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import { useClock } from '../../lib/use-clock';
import type { Tone } from '../../lib/status-tones';
import { ToneBadge } from '../ui/status-badge';

type IntegrationState = 'CONNECTED' | 'TOKEN_REFUSED' | 'RATE_LIMITED' | 'FAILING' | 'UNTESTED';

export interface AgencyHealth {
  whatsapp: { status: string; apiType: string; qualityRating: string | null } | null;
  integrations: { provider: string; state: IntegrationState; lastSuccessAt: string | null; lastErrorAt: string | null; lastError: string | null }[];
  inbound: { lastAt: string | null; silentMinutes: number; usual: number; unusual: boolean };
  statuses: { unconfirmed: number; since: string | null; stalled: boolean };
}

/** The same colours everywhere: green works, yellow passes on its own, red needs someone. */
const TONE: Record<IntegrationState, Tone> = { CONNECTED: 'positive', RATE_LIMITED: 'warning', FAILING: 'negative', TOKEN_REFUSED: 'negative', UNTESTED: 'neutral' };

export function useDuration() {
  const { t } = useI18n();
  return (totalMinutes: number) => {
    const [hours, minutes] = [Math.floor(totalMinutes / 60), totalMinutes % 60];
    return hours ? t('health.hours', { hours, minutes }) : t('health.minutes', { minutes });
  };
}

/** Each integration's state in words, when it last worked, its last error and what to do about it. */
export function IntegrationHealthList({ integrations }: { integrations: AgencyHealth['integrations'] }) {
  const { t } = useI18n();
  const clock = useClock();
  if (!integrations.length) return <p className="muted">{t('health.none')}</p>;
  return (
    <ul className="health-list">
      {integrations.map((integration) => (
        <li key={integration.provider} data-testid={`health-${integration.provider}`}>
          <strong>{t(`health.provider.${integration.provider}` as MessageKey)}</strong> <ToneBadge tone={TONE[integration.state]} text={t(`health.state.${integration.state}`)} />
          {integration.state !== 'CONNECTED' ? <div>{t(`health.advice.${integration.state}`)}</div> : null}
          {integration.lastSuccessAt ? <div className="muted">{t('health.lastSuccess', { when: clock.dateTime(integration.lastSuccessAt) })}</div> : null}
          {integration.lastErrorAt && integration.state !== 'CONNECTED' ? <div className="muted">{t('health.lastError', { when: clock.dateTime(integration.lastErrorAt), error: integration.lastError ?? '' })}</div> : null}
        </li>
      ))}
    </ul>
  );
}

/** Alerts when the number's quality is RED (marketing campaigns paused), or messages from contacts or Meta's delivery statuses stopped coming for longer than usual. */
export function TrafficWarnings({ health }: { health: AgencyHealth }) {
  const { t } = useI18n();
  const clock = useClock();
  const duration = useDuration();
  return (
    <>
      {health.whatsapp?.qualityRating === 'RED' ? (
        <p role="alert" className="alert" data-testid="quality-red">
          {t('health.qualityRed')}
        </p>
      ) : null}
      {health.inbound.unusual ? (
        <p role="alert" className="alert" data-testid="inbound-silence">
          {t('health.inboundSilence', { duration: duration(health.inbound.silentMinutes), usual: Math.round(health.inbound.usual) })}
        </p>
      ) : null}
      {health.statuses.stalled ? (
        <p role="alert" className="alert" data-testid="statuses-stalled">
          {t('health.statusesStalled', { count: health.statuses.unconfirmed, since: clock.time(health.statuses.since) })}
        </p>
      ) : null}
    </>
  );
}
