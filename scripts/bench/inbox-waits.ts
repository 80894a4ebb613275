import { Client as PgClient } from 'pg';
import { INBOX_APPLICATION_NAME } from '../../services/webhook-inbox/webhook-inbox';

/** What the edge write's backends were doing, as shares of the samples that found one running. */
export interface InboxWaitShares {
  /** Mean number of the inbox's statements running at a sample. */
  running: number;
  /** `CPU` (no wait event) or `type/event`, e.g. `Lock/transactionid`, largest share first. */
  shares: { wait: string; share: number }[];
}

/**
 * Samples pg_stat_activity while traffic is offered: each running statement of the webhook inbox
 * (the edge write, or `publish` of its notifications) counted by its wait event, so the report says
 * whether it spends its time working, waiting on other transactions' locks, or on the WAL.
 */
export class InboxWaits {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  private constructor(private readonly client: PgClient) {}

  static async start(adminUrl: string, everyMs = 50): Promise<InboxWaits> {
    const client = new PgClient({ connectionString: adminUrl });
    await client.connect();
    const waits = new InboxWaits(client);
    waits.timer = setInterval(() => void waits.sample(), everyMs);
    return waits;
  }

  private async sample(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const { rows } = await this.client.query<{ wait: string }>(
        `SELECT CASE WHEN query LIKE 'SELECT astor_publish_inbox(%' THEN 'publish ' ELSE '' END || COALESCE(wait_event_type || '/' || wait_event, 'CPU') AS wait
         FROM pg_stat_activity WHERE state = 'active' AND application_name = $1`,
        [INBOX_APPLICATION_NAME],
      );
      this.samples += 1;
      this.running += rows.length;
      for (const { wait } of rows) this.counts.set(wait, (this.counts.get(wait) ?? 0) + 1);
    } catch {
      // A missed sample only thins the figure.
    } finally {
      this.polling = false;
    }
  }

  async end(): Promise<InboxWaitShares> {
    if (this.timer) clearInterval(this.timer);
    await this.client.end().catch(() => undefined);
    const seen = [...this.counts.values()].reduce((sum, count) => sum + count, 0);
    const shares = [...this.counts].map(([wait, count]) => ({ wait, share: count / seen })).sort((a, b) => b.share - a.share);
    return { running: this.samples ? this.running / this.samples : 0, shares };
  }
}
