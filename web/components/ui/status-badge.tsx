'use client';

import { useLabel } from '../../lib/labels';
import { toneOf, type TonedKind, type Tone } from '../../lib/status-tones';

/** A status in words, coloured by what it means (web/lib/status-tones.ts). */
export function StatusBadge({ kind, code, testId }: { kind: TonedKind; code: string; testId?: string }) {
  const label = useLabel();
  return <ToneBadge tone={toneOf(kind, code)} text={label(kind, code)} testId={testId} />;
}

/** A badge for states that are not one enum (an integration's health, a conversation with the bot). */
export function ToneBadge({ tone, text, testId }: { tone: Tone; text: string; testId?: string }) {
  return (
    <span className={`badge tone-${tone}`} data-testid={testId}>
      {text}
    </span>
  );
}
