import { ProviderError, type ProviderErrorCategory } from '../../integrations/provider-error';

export type ProbeOutcome<T> = ({ ok: true } & T) | { ok: false; category: ProviderErrorCategory; reason: string; code?: string };

/** "Probar conexión": the provider's answer on success, or its own reason (and code) on failure. */
export function probeProvider<R, T extends object>(call: Promise<R>, success: (answer: R) => T): Promise<ProbeOutcome<T>> {
  return call.then(
    (answer) => ({ ok: true as const, ...success(answer) }),
    (error: unknown) => {
      if (!(error instanceof ProviderError)) throw error;
      return { ok: false as const, category: error.category, reason: error.message, ...(error.details.code ? { code: error.details.code } : {}) };
    },
  );
}

/** A failed probe as the integration's health records it. */
export const probeFailure = (outcome: ProbeOutcome<object>) => (outcome.ok ? undefined : { category: outcome.category, message: outcome.reason });
