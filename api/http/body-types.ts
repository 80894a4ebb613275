import { Router, type Request, type RequestHandler } from 'express';
import type { Readable } from 'node:stream';
import { AppError } from '../../domain/app-error';
import { fileTooLarge } from '../../domain/uploads';
import type { RouteSpec } from './route';

const hasBody = (req: Request) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/**
 * A request that carries a body must say it is JSON, except a file sent to a route that takes one
 * (`upload`), which its handler reads through `fileBody` once the caller is known to be allowed.
 */
export function requireBodyTypes(routes: readonly RouteSpec[]): RequestHandler {
  const router = Router();
  for (const spec of routes) {
    if (spec.upload) router[spec.method](spec.path, (req, _res, next) => next(req.is('application/octet-stream') ? 'router' : undefined));
  }
  router.use((req, _res, next) => next(hasBody(req) && !req.is('application/json') ? new AppError('unsupported_media_type', 'Send the body as application/json') : undefined));
  return router;
}

/** The file an upload route was sent, as the stream it still is; refused when not application/octet-stream or declared too large. */
export function fileBody(req: Request, maxBytes: number): Readable {
  if (!req.is('application/octet-stream')) throw new AppError('unsupported_media_type', 'Send the file as application/octet-stream', { es: 'Enviá el archivo como application/octet-stream' });
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw fileTooLarge(maxBytes);
  return req;
}
