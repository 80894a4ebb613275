import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';

/**
 * Every Temporal call a request makes (update, update-with-start, query, start, signal) shares one
 * gRPC deadline, `timeoutMs` after the request was authenticated: an update no worker picks up is
 * cancelled on the wire at the deadline instead of holding the request open. The deadline travels in
 * the connection's async context, so handlers and helpers need not pass it on.
 */
export function temporalDeadline(temporal: Client, timeoutMs: number): RequestHandler {
  return (_req, _res, next) => {
    temporal.withDeadline(Date.now() + timeoutMs, async () => next()).catch(next);
  };
}
