import type { Request, RequestHandler } from 'express';
import type { Database } from '../../prisma/client';
import { AppError } from '../../domain/app-error';
import { principalFromApiKey, principalFromSession } from './sessions';
import { API_KEY_PREFIX, SESSION_PREFIX } from './tokens';

export const SESSION_COOKIE = 'astor_session';

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The credential a request carries and where it came from: a bearer token, an X-Api-Key header or the session cookie, in that order. */
export function credentialOf(req: Request): { token: string; from: 'bearer' | 'api_key' | 'cookie' } | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return { token: bearer, from: 'bearer' };
  const apiKeyHeader = req.headers['x-api-key'];
  if (typeof apiKeyHeader === 'string') return { token: apiKeyHeader, from: 'api_key' };
  const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
  return cookie === undefined ? undefined : { token: cookie, from: 'cookie' };
}

/** Resolves the caller from its credential (see credentialOf); anonymous otherwise. */
export function authenticate(db: Database): RequestHandler {
  return async (req, _res, next) => {
    const credential = credentialOf(req)?.token;
    if (!credential) return next();
    const principal = credential.startsWith(API_KEY_PREFIX)
      ? await principalFromApiKey(db, credential)
      : credential.startsWith(SESSION_PREFIX)
        ? await principalFromSession(db, credential)
        : undefined;
    if (!principal) return next(new AppError('unauthenticated', 'The session or API key is invalid, expired or revoked'));
    req.principal = principal;
    next();
  };
}
