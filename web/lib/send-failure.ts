'use client';

import { useCallback } from 'react';
import { useI18n } from './i18n';
import { labelKey, useLabel } from './labels';
import type { MessageKey } from './messages';

type Failure = 'reengagement' | 'template' | 'templatePaused' | 'recipient' | 'auth' | 'noChannel' | 'rateLimit' | 'declined' | 'unavailable' | 'voice' | 'unknown';

/** The provider's codes (or Astor's category, when the provider gave none) a failed message is stored with. */
const FAILURE_BY_CODE: Record<string, Failure> = {
  '131047': 'reengagement',
  reengagement: 'reengagement',
  template: 'template',
  '132015': 'templatePaused',
  '132016': 'templatePaused',
  template_paused: 'templatePaused',
  '131026': 'recipient',
  '131030': 'recipient',
  recipient: 'recipient',
  '190': 'auth',
  '10': 'auth',
  '200': 'auth',
  auth: 'auth',
  channel_not_configured: 'noChannel',
  '4': 'rateLimit',
  '80007': 'rateLimit',
  '130429': 'rateLimit',
  '131048': 'rateLimit',
  '131056': 'rateLimit',
  rate_limit: 'rateLimit',
  recipient_rate_limit: 'rateLimit',
  '131049': 'declined',
  declined: 'declined',
  '1': 'unavailable',
  '2': 'unavailable',
  '131000': 'unavailable',
  '131057': 'unavailable',
  temporary: 'unavailable',
  voice_generation: 'voice',
};

/** What to tell a person about a message that could not be sent: what happened and what to do, never the provider's code. */
export function failureKey(code: string | null | undefined): MessageKey {
  const failure = code ? (FAILURE_BY_CODE[code] ?? (/^132\d{3}$/.test(code) ? 'template' : 'unknown')) : 'unknown';
  return `sendFailure.${failure}`;
}

/**
 * `reason(code, description, failed)`: why a send did not go out, for a person. A provider's failure
 * (131026, auth…) in the words above; Astor's own reasons (voice_failed, skips) keep their labels.
 */
export function useSendReason(): (code: string | null | undefined, description: string | null | undefined, failed: boolean) => string {
  const { t } = useI18n();
  const label = useLabel();
  return useCallback(
    (code, description, failed) => (failed && code && !labelKey('skipReason', code) ? t(failureKey(code)) : label('skipReason', code, description)),
    [t, label],
  );
}
