import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import type { Logger } from '../../domain/logger';
import type { Database } from '../../prisma/client';
import { mountRoutes } from './mount';
import { problemHandler } from './problem';
import { route } from './route';
import { TenantRateLimiter } from './tenant-rate-limit';

const answer = z.object({ id: z.string(), at: z.string() });

function appWith(responseCheck: 'reject' | 'log', result: unknown) {
  const logged: string[] = [];
  const logger = { error: (message: string, fields?: object) => logged.push(fields ? `${message} ${JSON.stringify(fields)}` : message) } as unknown as Logger;
  const routes = [route({ method: 'get', path: '/thing', summary: 'A thing', tag: 'test', access: { scope: 'public' }, response: answer, handler: async () => result })];
  const app = express();
  app.use(mountRoutes(routes, { db: {} as Database, baseDomain: undefined, limiter: new TenantRateLimiter(), logger, responseCheck }));
  app.use(problemHandler(logger));
  return { app, logged };
}

describe('answers are checked against the route’s response schema', () => {
  it('sends the handler’s own value, with dates as JSON', async () => {
    const { app, logged } = appWith('reject', { id: 'a', at: new Date('2026-01-01T00:00:00Z') });
    const { body } = await request(app).get('/thing').expect(200);
    expect(body).toEqual({ id: 'a', at: '2026-01-01T00:00:00.000Z' });
    expect(logged).toEqual([]);
  });

  it('answers 500 outside production when the result carries a field the schema does not name', async () => {
    const { app, logged } = appWith('reject', { id: 'a', at: new Date('2026-01-01T00:00:00Z'), extra: 1 });
    const response = await request(app).get('/thing').expect(500);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code: 'internal' });
    expect(JSON.stringify(response.body)).not.toContain('extra');
    expect(logged).toEqual([expect.stringContaining('GET /thing answered outside its response schema: fields it does not declare: extra')]);
  });

  it('in production logs undeclared fields by path, never their values, and still answers', async () => {
    const { app, logged } = appWith('log', { id: 'a', at: 'now', tokenEncrypted: 'sekrit', nested: [{ x: 1 }] });
    await request(app).get('/thing').expect(200, { id: 'a', at: 'now', tokenEncrypted: 'sekrit', nested: [{ x: 1 }] });
    expect(logged).toEqual(['GET /thing answered outside its response schema: fields it does not declare: tokenEncrypted, nested']);
    expect(logged.join()).not.toContain('sekrit');
  });

  it('answers 500 problem+json outside production when the result breaks the schema', async () => {
    const { app, logged } = appWith('reject', { id: 1 });
    const response = await request(app).get('/thing').expect(500);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code: 'internal' });
    expect(logged).toHaveLength(1);
  });

  it('in production only logs the mismatch and still answers', async () => {
    const { app, logged } = appWith('log', { id: 1 });
    await request(app).get('/thing').expect(200, { id: 1 });
    expect(logged).toEqual([expect.stringContaining('GET /thing answered outside its response schema')]);
  });
});
