export interface SentMessage {
  phoneNumberId: string;
  /** E.164 digits without the plus sign, as Graph resolved the request's `to`. */
  to: string;
  type: string;
  body: Record<string, unknown>;
  wamid: string;
  at: number;
}

export interface UploadedMedia {
  id: string;
  phoneNumberId: string;
  mimeType: string;
  filename?: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  at: number;
}

/** Sliding-window counter: at most `limit` events per key within `windowMs`. */
export class RateWindow {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts the event and answers true, or answers false without counting when over the limit. */
  take(key: string, now = Date.now()): boolean {
    const recent = (this.events.get(key) ?? []).filter((at) => now - at < this.windowMs);
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(now);
    this.events.set(key, recent);
    return allowed;
  }

  reset(): void {
    this.events.clear();
  }
}

/** What the fake accepted, for tests to assert on. */
export class FakeGraphRecords {
  private messages: SentMessage[] = [];
  readonly media = new Map<string, UploadedMedia>();

  record(message: SentMessage): void {
    this.messages.push(message);
  }

  sent(): SentMessage[] {
    return [...this.messages];
  }

  sentTo(recipient: string): SentMessage[] {
    const digits = recipient.replace(/^\+/, '');
    return this.messages.filter((message) => message.to === digits);
  }

  countByRecipient(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const message of this.messages) counts[message.to] = (counts[message.to] ?? 0) + 1;
    return counts;
  }

  reset(): void {
    this.messages = [];
    this.media.clear();
  }
}
