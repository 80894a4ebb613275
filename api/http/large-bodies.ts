import express, { Router, type RequestHandler } from 'express';
import type { RouteSpec } from './route';

/**
 * Reads the JSON bodies of the routes that declare a `bodyLimit` above the API's 1 MB (a file sent for
 * import), and only for a signed-in caller, so an anonymous client cannot make the API parse them; any
 * other request goes on to the usual parser.
 */
export function largeBodies(routes: readonly RouteSpec[]): RequestHandler {
  const router = Router();
  for (const spec of routes) {
    if (!spec.bodyLimit) continue;
    const parse = express.json({ limit: spec.bodyLimit });
    router[spec.method](spec.path, (req, res, next) => (req.principal ? parse(req, res, next) : next()));
  }
  return router;
}
