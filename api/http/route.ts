import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { UserRole } from '../../prisma/generated/enums';
import type { Principal } from '../auth/principal';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Who may call a route: a tenant's users (by role) and optionally its API keys, platform admins, or anyone. */
export type Access =
  | { scope: 'tenant'; roles: readonly UserRole[]; apiKey?: boolean }
  | { scope: 'platform' }
  | { scope: 'public' };

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal | undefined;
  req: Request;
  res: Response;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<PS extends Schema | undefined = Schema | undefined, QS extends Schema | undefined = Schema | undefined, BS extends Schema | undefined = Schema | undefined> {
  method: Method;
  /** Express-style path below /api, e.g. `/leads/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: PS;
  query?: QS;
  body?: BS;
  response?: Schema;
  /** Success status; 204 sends no body. */
  status?: 200 | 201 | 202 | 204;
  handler(context: HandlerContext<Out<PS>, Out<QS>, Out<BS>>): Promise<unknown>;
}

/** Identity helper that keeps the handler's types tied to its schemas. */
export function route<PS extends Schema | undefined, QS extends Schema | undefined, BS extends Schema | undefined>(
  spec: RouteSpec<PS, QS, BS>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}
