import express from 'express';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../domain/config';
import type { Logger } from '../domain/logger';
import type { Database } from '../prisma/client';
import { notFoundHandler, problemHandler } from './http/problem';
import { healthRoutes } from './routes/health.routes';

export interface ApiDependencies {
  config: AppConfig;
  db: Database;
  temporal: Client;
  logger: Logger;
}

/** Builds the Express app; listening and shutdown live in api/index.ts. */
export function createApp(deps: ApiDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(deps));
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
