import type { RequestHandler } from 'express';
import { AppError } from '../../domain/app-error';

/** A request that carries a body must say it is JSON. */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    return next(new AppError('unsupported_media_type', 'Send the body as application/json'));
  }
  next();
};
