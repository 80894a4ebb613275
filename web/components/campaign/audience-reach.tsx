'use client';

import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';

export interface AudienceReach {
  reached: number;
  skipped: { reason: string; count: number; description: string }[];
}

/** Before launch: who of the audience gets the message, how, and who does not and why. */
export function AudienceReachSummary({ reach, kind }: { reach: AudienceReach; kind: 'template' | 'text' | 'voice' }) {
  const { t } = useI18n();
  const label = useLabel();
  const considered = reach.reached + reach.skipped.reduce((sum, skip) => sum + skip.count, 0);
  return (
    <div data-testid="audience-reach">
      <p>
        <strong>{t('campaigns.reached', { reached: reach.reached, count: considered })}</strong>{' '}
        <span className="muted">{t(kind === 'template' ? 'campaigns.reachTemplate' : 'campaigns.reachWindow')}</span>
      </p>
      {reach.skipped.length ? (
        <ul>
          {reach.skipped.map((skip) => (
            <li key={skip.reason}>{t('campaigns.skippedCount', { count: skip.count, reason: label('skipReason', skip.reason, skip.description) })}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
