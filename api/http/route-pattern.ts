import type { Request } from 'express';

/** Requests no route matched (404s, refusals before routing) share one name: raw URLs would make metrics and span names unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

const patterns = new WeakMap<Request, () => string>();

/**
 * The matched route's pattern with its mount path (`/api/leads/:id`), taken when Express matches
 * it: a route that fails hands its error back through its router, which restores `req.baseUrl`
 * to the parent's before the answer is sent. One watcher per request, however many ask.
 */
export function routePatternOf(req: Request): () => string {
  const known = patterns.get(req);
  if (known) return known;
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
  const read = () => pattern;
  patterns.set(req, read);
  return read;
}
