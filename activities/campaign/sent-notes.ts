import type { Database } from '../../prisma/client';
import { recordCampaignSends } from '../../observability/metrics';
import { tenantContext, type Actor } from '../../prisma/tenant-context';
import { recordSent, type SentOutcome } from './recipient-store';

const FLUSH_EVERY_MS = 100;

/**
 * A batch's sends recorded as sent (message, recipient, lead, timeline) a tenth of a second after
 * each call answers, while the batch still sends, instead of all at its end: a worker killed
 * mid-batch leaves only its calls truly in flight without a known outcome, and the batch's own
 * recording, on the critical path between two sending windows, is left with what a note could not
 * write (`recorded` says which were written).
 */
export class SentNotes {
  private pending: SentOutcome[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly written = new Set<string>();
  /** Whoever the batch runs for: the timeline's actor, as the batch's own recording would write it. */
  private readonly actor: Actor = tenantContext.current()?.actor ?? { type: 'system' };

  constructor(
    private readonly db: Database,
    private readonly tenantId: string,
    private readonly campaignId: string,
  ) {}

  note(sent: SentOutcome): void {
    this.pending.push(sent);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes what is noted; a failure is left to the batch's recording, which writes the same. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch)).catch(() => undefined);
    return this.flushing;
  }

  /** Whether this message's send is recorded (once `flush` has resolved). */
  recorded(messageId: string): boolean {
    return this.written.has(messageId);
  }

  private async write(batch: SentOutcome[]): Promise<void> {
    await recordSent(this.db.routine, this.tenantId, this.campaignId, batch, this.actor);
    for (const sent of batch) this.written.add(sent.messageId);
    recordCampaignSends({ sent: batch.length, failed: 0, skipped: 0 });
  }
}
