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

/**
 * What a route answers on success: a declared JSON body (checked against the handler's result in
 * mount.ts), nothing (204), or a non-JSON answer the handler writes itself (an event stream, a file).
 */
type Answer =
  | { response: Schema; sends?: never; status?: 200 | 201 | 202 }
  | { status: 204; response?: never; sends?: never }
  | { sends: 'event-stream' | 'file'; response?: never; status?: 200 };

export type RouteSpec<PS extends Schema | undefined = Schema | undefined, QS extends Schema | undefined = Schema | undefined, BS extends Schema | undefined = Schema | undefined> = Answer & {
  method: Method;
  /** Express-style path below /api, e.g. `/leads/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: PS;
  query?: QS;
  body?: BS;
  /** The body is a file (application/octet-stream) that the handler streams from `req` itself (body-types.ts, fileBody); no JSON body. */
  upload?: true;
  handler(context: HandlerContext<Out<PS>, Out<QS>, Out<BS>>): Promise<unknown>;
};

/** Identity helper that keeps the handler's types tied to its schemas. */
export function route<PS extends Schema | undefined, QS extends Schema | undefined, BS extends Schema | undefined>(
  spec: RouteSpec<PS, QS, BS>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}
