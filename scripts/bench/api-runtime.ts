/** The API's event loop and garbage collector over a run, from its own /metrics (prom-client's defaults). */
export interface ApiRuntime {
  /** Event loop delay over the run (ms), or NaN when the API could not be scraped. */
  lagP99Ms: number;
  lagMaxMs: number;
  /** Seconds the API spent in garbage collection during the run, by kind. */
  gcSeconds: { major: number; minor: number; incremental: number };
}

type Samples = Map<string, number>;

async function scrape(url: string | undefined): Promise<Samples | undefined> {
  if (!url) return undefined;
  try {
    const response = await fetch(url);
    if (!response.ok) return undefined;
    const samples: Samples = new Map();
    for (const line of (await response.text()).split('\n')) {
      const match = /^(nodejs_eventloop_lag_(?:p99|max)_seconds|nodejs_gc_duration_seconds_sum\{kind="(?:major|minor|incremental)"\}) ([\d.e+-]+)$/.exec(line);
      if (match) samples.set(match[1]!, Number(match[2]));
    }
    return samples;
  } catch {
    return undefined;
  }
}

/** A kind of collection that has not run yet has no sample: zero seconds, if the scrape worked at all. */
const gcSum = (samples: Samples | undefined, kind: string) => (samples ? (samples.get(`nodejs_gc_duration_seconds_sum{kind="${kind}"}`) ?? 0) : NaN);

/**
 * Scraped when a run starts (prom-client resets its event loop histogram at each scrape, so the
 * next one covers the run alone) and when it ends; the kill run's replaced API is not followed.
 */
export class ApiRuntimeWindow {
  private constructor(
    private readonly url: string | undefined,
    private readonly before: Samples | undefined,
  ) {}

  /** Without a URL (an API run without metrics) every figure is NaN. */
  static async open(url: string | undefined): Promise<ApiRuntimeWindow> {
    return new ApiRuntimeWindow(url, await scrape(url));
  }

  async close(): Promise<ApiRuntime> {
    const after = await scrape(this.url);
    const gc = (kind: string) => gcSum(after, kind) - gcSum(this.before, kind);
    return {
      lagP99Ms: (after?.get('nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000,
      lagMaxMs: (after?.get('nodejs_eventloop_lag_max_seconds') ?? NaN) * 1000,
      gcSeconds: { major: gc('major'), minor: gc('minor'), incremental: gc('incremental') },
    };
  }
}
