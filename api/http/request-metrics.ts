import type { RequestHandler } from 'express';
import { recordHttpRequest, secondsSince } from '../../observability/metrics';
import { routePatternOf } from './route-pattern';

/** Counts and times every answer by method, route pattern and status (`close` also covers streams a client ends). */
export const requestMetrics: RequestHandler = (req, res, next) => {
  const start = process.hrtime.bigint();
  const pattern = routePatternOf(req);
  res.once('close', () => recordHttpRequest(req.method, pattern(), res.statusCode, secondsSince(start)));
  next();
};
