import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { requestContext } from '../../domain/request-context';
import { startServerSpan } from '../../observability/spans';
import { routePatternOf } from './route-pattern';

const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * An id a proxy or client may hand us: short, and only characters that cannot forge a log field or
 * a header (UUIDs, ULIDs, load balancers' `Root=1-…` ids). Anything else is replaced, not trusted.
 */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:=+-]{8,128}$/;

export function requestIdOf(incoming: string | undefined): string {
  return incoming !== undefined && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * First on every request: gives it an id (the caller's valid `X-Request-Id`, else a new one),
 * answers it in the same header, and runs the rest of the request with it in the request context,
 * so every log line written meanwhile and the problem+json answer carry it. With tracing on, the
 * request also runs in a server span named after its route pattern (`POST /api/leads/:id`).
 */
export const requestId: RequestHandler = (req, res, next) => {
  const id = requestIdOf(req.get(REQUEST_ID_HEADER));
  req.requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  const span = startServerSpan(req.method, req.headers, id);
  if (span) {
    const pattern = routePatternOf(req);
    res.once('close', () => span.end(pattern(), res.statusCode));
  }
  const run = () => requestContext.run({ requestId: id }, next);
  if (span) span.run(run);
  else run();
};
