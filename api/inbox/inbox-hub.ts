import { Client } from 'pg';
import type { Logger } from '../../domain/logger';
import { INBOX_CHANNEL, type InboxEvent } from '../../prisma/inbox-events';

export interface InboxSubscriber {
  tenantId: string;
  /** Agents hear about their own and unassigned conversations; admins about all. */
  accepts(event: InboxEvent): boolean;
  send(event: InboxEvent): void;
}

const RECONNECT_MS = 2_000;

/**
 * Fans PostgreSQL NOTIFY events out to this instance's open inbox streams. Every API instance
 * listens, so an event committed anywhere reaches every agent wherever they are connected.
 */
export class InboxHub {
  private readonly subscribers = new Set<InboxSubscriber>();
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  async subscribe(subscriber: InboxSubscriber): Promise<() => void> {
    this.subscribers.add(subscriber);
    try {
      await this.listen();
    } catch (error) {
      this.subscribers.delete(subscriber);
      throw error;
    }
    return () => this.subscribers.delete(subscriber);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
    await this.client?.end().catch(() => undefined);
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => this.dispatch(message.payload));
    client.on('error', (error) => {
      this.logger.warn('inbox listener lost its connection; reconnecting', { error: error.message });
      this.client = undefined;
      setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${INBOX_CHANNEL}`);
    this.client = client;
  }

  private dispatch(payload: string | undefined): void {
    if (!payload) return;
    const event = JSON.parse(payload) as InboxEvent;
    for (const subscriber of this.subscribers) if (subscriber.tenantId === event.tenantId && subscriber.accepts(event)) subscriber.send(event);
  }
}
