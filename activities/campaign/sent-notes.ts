import type { Database } from '../../prisma/client';

const FLUSH_EVERY_MS = 100;

/**
 * The provider ids of a stretch's sends, written to their messages a tenth of a second after each
 * call answers instead of when the whole stretch is recorded: a worker killed mid-stretch then leaves
 * only its calls truly in flight without a known outcome (the rest read as sent, never sent again).
 * The stretch's recording stays the full account; this only gets the id there first.
 */
export class SentNotes {
  private pending: { messageId: string; providerMessageId: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly tenantId: string,
  ) {}

  note(messageId: string, providerMessageId: string): void {
    this.pending.push({ messageId, providerMessageId });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes what is noted; a failure is left to the stretch's recording, which writes the same. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch)).catch(() => undefined);
    return this.flushing;
  }

  private async write(batch: { messageId: string; providerMessageId: string }[]): Promise<void> {
    await this.db.sqlInTenant(this.tenantId, (query) =>
      query(
        `UPDATE "Message" m SET "providerMessageId" = COALESCE(m."providerMessageId", v.pmid),
           status = CASE WHEN m.status = 'QUEUED' THEN 'SENT'::"MessageStatus" ELSE m.status END,
           "sentAt" = COALESCE(m."sentAt", astor_utc_now()), "updatedAt" = astor_utc_now()
         FROM unnest($1::uuid[], $2::text[]) AS v(id, pmid) WHERE m.id = v.id`,
        [batch.map((sent) => sent.messageId), batch.map((sent) => sent.providerMessageId)],
      ),
    );
  }
}
