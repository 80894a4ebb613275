import type { Response } from 'express';

/** Starts a server-sent-events response: no buffering by proxies, clients reconnect after 3 s. */
export function openEventStream(res: Response): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.write('retry: 3000\n\n');
}
