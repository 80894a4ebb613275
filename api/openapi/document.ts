import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { RouteSpec } from '../http/route';

const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string(),
  /** The request's id, as in its X-Request-Id answer header and in every log line it wrote. */
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
});

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid input: `errors` names each field',
  401: 'Not signed in, or the session or API key is no longer valid',
  403: 'Signed in, but this role, key or agency may not do this',
  404: 'No such record in this agency (records of other agencies answer 404 too)',
  409: 'Conflicts with existing data (duplicate phone, DNI, e-mail…)',
  413: 'Body over 1 MB',
  415: 'Send application/json',
  422: 'Valid shape, but refers to something unusable (e.g. an inactive assignee)',
  429: 'Over the rate limit: see Retry-After',
  503: 'A service it needs (database, Temporal, a provider or bridge) cannot answer now: retry after Retry-After',
};

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** zod-to-openapi writes a regex with flags as `source/flags`; JSON Schema wants the source alone. */
function withPlainPatterns<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withPlainPatterns) as T;
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === 'pattern' && typeof value === 'string' ? value.replace(/\/[dgimsuvy]+$/, '') : withPlainPatterns(value)]),
  ) as T;
}

function security(spec: RouteSpec): Record<string, string[]>[] {
  if (spec.access.scope === 'public') return [];
  const user: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
  return spec.access.scope === 'tenant' && spec.access.apiKey ? [...user, { apiKey: [] }] : user;
}

function describeAccess(spec: RouteSpec): string {
  const { access } = spec;
  if (access.scope === 'public') return 'Public.';
  if (access.scope === 'platform') return 'Platform superadmins only.';
  return `Roles: ${access.roles.join(', ')}${access.apiKey ? '; agency API keys' : ''}. Acts in the agency of the subdomain, the \`/t/{slug}\` prefix or the caller.`;
}

const SENT_MEDIA = { 'event-stream': { description: 'A server-sent event stream', type: 'text/event-stream' }, file: { description: 'The file', type: 'application/octet-stream' } };

function successResponse(spec: RouteSpec, status: number) {
  if (status === 204) return { description: 'Done' };
  if (spec.sends) return { description: SENT_MEDIA[spec.sends].description, content: { [SENT_MEDIA[spec.sends].type]: {} } };
  return { description: 'Success', content: { 'application/json': { schema: spec.response ?? z.unknown() } } };
}

/** The OpenAPI 3.1 document of the route table, built from the same zod schemas that validate requests. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], serverUrl: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'Session token from POST /auth/login' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'astor_session' });
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'X-Api-Key' });
  for (const spec of routes) {
    const status = spec.status ?? 200;
    const errors = Object.fromEntries(
      Object.entries(ERROR_RESPONSES).map(([code, description]) => [code, { description, content: { 'application/problem+json': { schema: problem } } }]),
    );
    registry.registerPath({
      method: spec.method,
      path: openApiPath(spec.path),
      summary: spec.summary,
      description: describeAccess(spec),
      tags: [spec.tag],
      security: security(spec),
      request: {
        params: spec.params as z.ZodObject | undefined,
        query: spec.query as z.ZodObject | undefined,
        body: spec.body ? { content: { 'application/json': { schema: spec.body } } } : spec.upload ? { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } : undefined,
      },
      responses: {
        [status]: successResponse(spec, status),
        ...errors,
      },
    });
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Astor API', version: '1', description: 'Multi-tenant CRM for real-estate agencies. Errors are application/problem+json, in Spanish when Accept-Language prefers es (English otherwise).' },
    servers: [{ url: serverUrl }],
  });
  return { ...document, paths: withPlainPatterns(document.paths) };
}
