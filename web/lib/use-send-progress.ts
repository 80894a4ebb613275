'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SendProgress } from '../../workflows/send-progress';
import { api } from './api';

export type SendKind = 'voice' | 'card';

export interface TrackedSend {
  kind: SendKind;
  requestId: string;
  /** What was sent, in the page's words (a property's title); empty for a voice note. */
  subject: string;
  progress: SendProgress;
  startedAt: number;
}

const POLL_MS = 1_500;
/** A voice note waits for WhatsApp's delivery, which may take minutes: the page stops asking after this. */
const FOLLOW_MS = 120_000;
const PATHS: Record<SendKind, string> = { voice: 'voice-messages', card: 'property-cards' };

/** A card has ended once it left; a voice note once WhatsApp said whether it arrived. */
const hasEnded = ({ kind, progress: { state } }: Pick<TrackedSend, 'kind' | 'progress'>) => state !== 'preparing' && (kind === 'card' || state !== 'sent');

/**
 * The voice notes and property cards asked for on this page, followed until each ends, so a failure is
 * said where it was asked for rather than only on the timeline. `onEnded` runs as each ends.
 */
export function useSendProgress(leadId: string, onEnded: () => void) {
  const [sends, setSends] = useState<TrackedSend[]>([]);
  const ended = useRef(onEnded);
  ended.current = onEnded;

  const track = useCallback((kind: SendKind, requestId: string, subject = '') => {
    setSends((current) => [{ kind, requestId, subject, progress: { state: 'preparing' }, startedAt: Date.now() }, ...current]);
  }, []);

  const latest = useRef(sends);
  latest.current = sends;
  const followed = (send: TrackedSend) => !hasEnded(send) && Date.now() - send.startedAt < FOLLOW_MS;
  const polling = sends.some(followed);
  useEffect(() => {
    if (!polling) return;
    async function refresh(send: TrackedSend) {
      const progress = await api<SendProgress>(`/leads/${leadId}/${PATHS[send.kind]}/${send.requestId}`).catch(() => send.progress);
      if (progress.state === send.progress.state) return;
      setSends((current) => current.map((candidate) => (candidate.requestId === send.requestId && candidate.kind === send.kind ? { ...candidate, progress } : candidate)));
      if (hasEnded({ kind: send.kind, progress })) ended.current();
    }
    const timer = setInterval(() => {
      for (const send of latest.current.filter(followed)) void refresh(send);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [leadId, polling]);

  return { sends, track };
}
