import passport from 'passport';
import type { Request, Response } from 'express';
import type { Database } from '../../prisma/client';
import { localStrategy } from '../auth/credentials';
import { SESSION_COOKIE } from '../auth/authenticate';
import type { LoginThrottle } from '../auth/login-throttle';
import { createSession, revokeSession, type SessionOwner } from '../auth/sessions';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { slugFromHost } from '../http/tenant-resolution';
import { loginBody, sessionResponse } from '../contracts/auth.schemas';

interface AuthDeps {
  db: Database;
  throttle: LoginThrottle;
  baseDomain?: string;
  secureCookies: boolean;
}

function authenticateLocal(req: Request, res: Response): Promise<{ owner?: SessionOwner; reason?: string }> {
  return new Promise((resolve, reject) => {
    passport.authenticate('local', { session: false }, (error: unknown, owner: SessionOwner | false, info?: { message?: string }) =>
      error ? reject(error) : resolve({ owner: owner || undefined, reason: info?.message }),
    )(req, res, () => undefined);
  });
}

export function authRoutes({ db, throttle, baseDomain, secureCookies }: AuthDeps): RouteSpec[] {
  passport.use(localStrategy(db, (req) => (req.body as { tenant?: string }).tenant ?? req.tenantSlugFromPath ?? slugFromHost(req.headers.host, baseDomain)));
  return [
    route({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with e-mail and password; returns a bearer token and sets the session cookie',
      tag: 'auth',
      access: { scope: 'public' },
      body: loginBody,
      response: sessionResponse,
      async handler({ body, req, res }) {
        const ip = req.ip ?? 'unknown';
        const wait = throttle.retryAfter(body.email, ip);
        if (wait > 0) throw new AppError('rate_limited', 'Too many failed sign-ins; try again later', { retryAfterSeconds: wait, es: 'Demasiados intentos fallidos; probá de nuevo más tarde' });
        const { owner, reason } = await authenticateLocal(req, res);
        if (reason === 'ambiguous') {
          throw new AppError('unprocessable', 'This e-mail and password belong to several agencies: say which one in "tenant"', { es: 'Este e-mail y contraseña corresponden a varias inmobiliarias: indicá cuál en "tenant"' });
        }
        if (!owner) {
          throttle.recordFailure(body.email, ip);
          throw new AppError('unauthenticated', 'E-mail or password is incorrect', { es: 'El e-mail o la contraseña no son correctos' });
        }
        throttle.recordSuccess(body.email, ip);
        const session = await createSession(db, owner);
        res.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, expires: session.expiresAt, path: '/' });
        return {
          token: session.token,
          expiresAt: session.expiresAt.toISOString(),
          principal: 'platformAdminId' in owner ? { kind: 'platform_admin' } : { kind: 'user', tenantId: owner.tenantId },
        };
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      summary: 'End the current session',
      tag: 'auth',
      access: { scope: 'public' },
      status: 204,
      async handler({ principal, res }) {
        if (principal && principal.kind !== 'api_key') await revokeSession(db, principal.sessionId);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    }),
  ];
}
