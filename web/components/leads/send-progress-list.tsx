'use client';

import type { SendState } from '../../../workflows/send-progress';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import type { MessageKey } from '../../lib/messages';
import { failureKey } from '../../lib/send-failure';
import type { SendKind, TrackedSend } from '../../lib/use-send-progress';

const FAILED_BECAUSE: Record<SendKind, MessageKey> = { voice: 'leads.send.voiceFailedBecause', card: 'leads.send.cardFailedBecause' };

const WORDS: Record<SendKind, Record<SendState, MessageKey>> = {
  voice: {
    preparing: 'leads.send.voicePreparing',
    sent: 'leads.send.voiceSent',
    delivered: 'leads.send.voiceDelivered',
    read: 'leads.send.voiceRead',
    unconfirmed: 'leads.send.voiceUnconfirmed',
    failed: 'leads.send.voiceFailed',
    skipped: 'leads.send.voiceFailed',
  },
  card: {
    preparing: 'leads.send.cardPreparing',
    sent: 'leads.send.cardSent',
    delivered: 'leads.send.cardSent',
    read: 'leads.send.cardSent',
    unconfirmed: 'leads.send.cardSent',
    failed: 'leads.send.cardFailed',
    skipped: 'leads.send.cardSkipped',
  },
};

/** Each voice note and card asked for on the page, as it goes; one that failed or was skipped says why, as an alert. */
export function SendProgressList({ sends }: { sends: TrackedSend[] }) {
  const { t } = useI18n();
  const label = useLabel();
  if (sends.length === 0) return null;
  return (
    <ul className="plain" data-testid="send-progress">
      {sends.map(({ kind, requestId, subject, progress: { state, reason, code } }) => {
        const failed = state === 'failed' || state === 'skipped';
        const key = `${kind}:${requestId}`;
        // A known failure is said in people's words, with what to do; the provider's own words stay for support.
        if (state === 'failed' && code) {
          return (
            <li key={key} role="alert" className="alert" title={reason}>
              {t(FAILED_BECAUSE[kind], { subject, reason: t(failureKey(code)) })}
            </li>
          );
        }
        const why = state === 'skipped' ? label('skipReason', reason) : (reason ?? t('common.error'));
        return (
          <li key={key} role={failed ? 'alert' : 'status'} className={failed ? 'alert' : 'notice'}>
            {t(WORDS[kind][state], { subject, reason: why })}
            {state === 'failed' ? ` ${t('leads.send.failedAdvice')}` : null}
          </li>
        );
      })}
    </ul>
  );
}
