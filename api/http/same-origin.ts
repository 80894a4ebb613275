import type { Request, RequestHandler } from 'express';
import { credentialOf } from '../auth/authenticate';
import { AppError } from '../../domain/app-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin the browser addressed; behind a trusted proxy (the web app's), the one it reports. */
function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.host}`;
}

/**
 * Refuses cross-site state changes that ride on the session cookie (CSRF), whatever their body:
 * the browser's Origin must be the web app's, the API's or the request's own, or, when it sends no
 * Origin, Sec-Fetch-Site must say same-origin. Bearer tokens and API keys are never sent by a
 * browser on its own, so they pass.
 */
export function sameOrigin(publicUrls: readonly string[]): RequestHandler {
  const allowed = new Set(publicUrls.map((url) => new URL(url).origin));
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || credentialOf(req)?.from !== 'cookie') return next();
    const { origin } = req.headers;
    const fromHere = origin === undefined ? req.headers['sec-fetch-site'] === 'same-origin' : allowed.has(origin) || origin === ownOrigin(req);
    if (fromHere) return next();
    next(new AppError('forbidden', 'Changes made with the session cookie must come from the Astor web app', { es: 'Los cambios hechos con la cookie de sesión deben venir de la aplicación web de Astor' }));
  };
}
