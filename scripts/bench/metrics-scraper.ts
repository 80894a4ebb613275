/** What a scraper got from one endpoint. */
export interface ScrapeCounts {
  ok: number;
  failed: number;
  bytes: number;
  /** The first failure's reason, if any. */
  firstError?: string;
}

/** GETs every named /metrics URL every `everyMs`, as Prometheus would, counting successful scrapes. */
export class MetricsScraper {
  private readonly counts = new Map<string, ScrapeCounts>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly targets: Record<string, { url: string; token?: string }>,
    private readonly everyMs = 5_000,
  ) {
    for (const name of Object.keys(targets)) this.counts.set(name, { ok: 0, failed: 0, bytes: 0 });
  }

  start(): void {
    this.inFlight = this.scrapeAll();
    this.timer = setInterval(() => {
      this.inFlight = this.scrapeAll();
    }, this.everyMs);
  }

  private async scrapeAll(): Promise<void> {
    await Promise.all(Object.entries(this.targets).map(([name, target]) => this.scrape(name, target)));
  }

  private async scrape(name: string, target: { url: string; token?: string }): Promise<void> {
    const counts = this.counts.get(name)!;
    try {
      const response = await fetch(target.url, { headers: target.token ? { Authorization: `Bearer ${target.token}` } : {}, signal: AbortSignal.timeout(this.everyMs) });
      const text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      counts.ok += 1;
      counts.bytes += Buffer.byteLength(text);
    } catch (error) {
      counts.failed += 1;
      counts.firstError ??= error instanceof Error ? error.message : String(error);
    }
  }

  async stop(): Promise<Record<string, ScrapeCounts>> {
    if (this.timer) clearInterval(this.timer);
    await this.inFlight;
    return Object.fromEntries(this.counts);
  }
}
