import type { Request, RequestHandler } from 'express';
import { recordHttpRequest, secondsSince } from '../../observability/metrics';

/** Requests no route matched (404s, refusals before routing) share one label: raw URLs would make the series unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The matched route's pattern with its mount path (`/api/leads/:id`), taken when Express matches
 * it: a route that fails hands its error back through its router, which restores `req.baseUrl`
 * to the parent's before the answer is sent.
 */
function routePatternOf(req: Request): () => string {
  let route: Request['route'] = req.route;
  let pattern = UNMATCHED_ROUTE;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: Request['route']) {
      route = value;
      if (value && typeof value.path === 'string') pattern = `${req.baseUrl}${value.path}`;
    },
  });
  return () => pattern;
}

/** Counts and times every answer by method, route pattern and status (`close` also covers streams a client ends). */
export const requestMetrics: RequestHandler = (req, res, next) => {
  const start = process.hrtime.bigint();
  const pattern = routePatternOf(req);
  res.once('close', () => recordHttpRequest(req.method, pattern(), res.statusCode, secondsSince(start)));
  next();
};
