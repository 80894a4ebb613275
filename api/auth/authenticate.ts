import type { RequestHandler } from 'express';
import type { Database } from '../../prisma/client';
import { AppError } from '../http/errors';
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

/** Resolves the caller from a bearer token, an X-Api-Key header or the session cookie; anonymous otherwise. */
export function authenticate(db: Database): RequestHandler {
  return async (req, _res, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const apiKeyHeader = req.headers['x-api-key'];
    const credential = bearer ?? (typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined) ?? readCookie(req.headers.cookie, SESSION_COOKIE);
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
