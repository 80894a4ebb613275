import path from 'node:path';
import express, { Router } from 'express';
import type { RouteSpec } from '../http/route';
import { buildOpenApiDocument } from './document';

const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Astor API</title><link rel="stylesheet" href="./swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="./swagger-ui-bundle.js"></script>
<script src="./init.js"></script>
</body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '../openapi.json', dom_id: '#docs', deepLinking: true, persistAuthorization: true, withCredentials: true });`;

/** `/api/openapi.json` and an interactive Swagger UI at `/api/docs/`, served from the installed package (no CDN). */
export function docsRoutes(routes: readonly RouteSpec[]): Router {
  const document = buildOpenApiDocument(routes, '/api');
  const router = Router();
  router.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/api/docs', (req, res, next) => (req.originalUrl.endsWith('/') ? next() : res.redirect(301, `${req.originalUrl}/`)));
  router.get('/api/docs/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/api/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use('/api/docs', express.static(swaggerUiDir, { index: false }));
  return router;
}
