import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the sink has received; spans are counted in JSON bodies only (a protobuf body counts its request and bytes). */
export interface SinkCounts {
  requests: number;
  bytes: number;
  spans: number;
  /** Spans by the resource's service.name. */
  byService: Record<string, number>;
  /** Requests not to POST /v1/traces, or whose JSON could not be read. */
  rejected: number;
}

export interface OtlpSink {
  /** The base URL to hand as OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  counts(): SinkCounts;
  reset(): void;
  stop(): Promise<void>;
}

interface ExportRequest {
  resourceSpans?: { resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] }; scopeSpans?: { spans?: unknown[] }[] }[];
}

const emptyCounts = (): SinkCounts => ({ requests: 0, bytes: 0, spans: 0, byService: {}, rejected: 0 });

function countSpans(body: ExportRequest, counts: SinkCounts): void {
  for (const resource of body.resourceSpans ?? []) {
    const service = resource.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value?.stringValue ?? '?';
    const spans = (resource.scopeSpans ?? []).reduce((sum, scope) => sum + (scope.spans?.length ?? 0), 0);
    counts.spans += spans;
    counts.byService[service] = (counts.byService[service] ?? 0) + spans;
  }
}

/** A loopback OTLP/HTTP collector that answers every export 200 and only counts what it is sent. */
export async function startOtlpSink(): Promise<OtlpSink> {
  let counts = emptyCounts();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        counts.rejected += 1;
        return res.writeHead(404).end();
      }
      const body = Buffer.concat(chunks);
      counts.requests += 1;
      counts.bytes += body.length;
      if (req.headers['content-type']?.startsWith('application/json')) {
        try {
          countSpans(JSON.parse(body.toString('utf8')) as ExportRequest, counts);
        } catch {
          counts.rejected += 1;
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ ...counts, byService: { ...counts.byService } }),
    reset: () => {
      counts = emptyCounts();
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
