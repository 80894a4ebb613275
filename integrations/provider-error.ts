import { ApplicationFailure } from '@temporalio/common';

/**
 * Astor's categories for a provider's failure. Each provider client maps its own error codes
 * to one of these in a single place; retry decisions follow from the category only.
 */
export type ProviderErrorCategory =
  | 'auth' // invalid or expired credentials: fail fast, mark the integration unhealthy
  | 'rate_limit' // throughput or concurrency limits: retry with backoff
  | 'recipient_rate_limit' // too many messages to one recipient lately: retry that one later, the rest go on
  | 'declined' // refused for the recipient's sake (a per-user cap on marketing): not the sender's failure, retry no sooner than a day
  | 'temporary' // provider-side 5xx or transient errors: retry
  | 'recipient' // invalid or undeliverable recipient: fail fast
  | 'reengagement' // outside the 24-hour window: only a template may be sent
  | 'template' // missing template or wrong parameters: fail fast
  | 'template_paused' // the provider paused or disabled the template: sends wait until someone acts
  | 'invalid_request' // Astor sent something the provider rejects: fail fast
  | 'not_found'; // the provider does not know the referenced resource

const RETRYABLE: ReadonlySet<ProviderErrorCategory> = new Set(['rate_limit', 'recipient_rate_limit', 'temporary']);

/** A failure that passes (limits, outages), as opposed to one that needs someone to act. */
export const isRetryableCategory = (category: ProviderErrorCategory): boolean => RETRYABLE.has(category);

/** Failures that say something about the integration itself, not about one message or recipient. */
const INTEGRATION_FAILURES: ReadonlySet<ProviderErrorCategory> = new Set(['auth', 'rate_limit', 'temporary']);

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly category: ProviderErrorCategory,
    message: string,
    readonly details: { code?: string; httpStatus?: number; retryAfterSeconds?: number } = {},
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return isRetryableCategory(this.category);
  }

  get concernsIntegration(): boolean {
    return INTEGRATION_FAILURES.has(this.category);
  }

  /** The Temporal failure an activity throws: non-retryable categories stop the retry policy at once. */
  toApplicationFailure(): ApplicationFailure {
    const type = `Provider.${this.category}`;
    const details = [{ provider: this.provider, category: this.category, ...this.details }];
    return this.retryable
      ? ApplicationFailure.retryable(this.message, type, ...details)
      : ApplicationFailure.nonRetryable(this.message, type, ...details);
  }
}
