import fc from 'fast-check';
import { hostileString } from './hostile-values';
import { schemaArbitrary, type JsonSchema, type Pools } from './schema-arbitrary';

export interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  security?: Record<string, string[]>[];
  description?: string;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

export type Credential = 'principal' | 'api_key' | 'none' | 'forged';

export interface RequestCase {
  path: string;
  query: string;
  headers: Record<string, string>;
  credential: Credential;
  /** A JSON value to send, or raw text sent as it is (a broken or non-JSON body). */
  body: { json: unknown } | { raw: string; contentType: string } | undefined;
}

/** Path segments that are not ids at all, sent as they are (not URL-encoded). */
const RAW_SEGMENTS = ['%00', '%', '%zz', '..', '%2e%2e', 'x'.repeat(300), '0', 'undefined'];

const BROKEN_BODIES: { raw: string; contentType: string }[] = [
  { raw: '{"name":', contentType: 'application/json' },
  { raw: 'name=Ana', contentType: 'application/x-www-form-urlencoded' },
  { raw: '{"name":"Ana"}', contentType: 'text/plain' },
  { raw: '{"name":"\\u0000"}', contentType: 'application/json' },
  { raw: '[]', contentType: 'application/json' },
  { raw: 'null', contentType: 'application/json' },
  { raw: '{"name":"Ana"}', contentType: 'application/json; charset=latin1' },
];

const MAX_QUERY_VALUE = 2_000;

const ACCEPT_LANGUAGES = ['es', 'en', 'es-AR,es;q=0.9,en;q=0.8', '*', 'xx-YY', 'es;q=abc'];

/** Ids for a path parameter: those of the collection the segment before it names. */
function pathParameterArbitrary(path: string, name: string, schema: JsonSchema | undefined, pools: Record<string, string[]>): fc.Arbitrary<string> {
  const collection = path.split('/').at(path.split('/').indexOf(`{${name}}`) - 1) ?? '';
  const uuids = pools[collection] ?? Object.values(pools).flat();
  const declared = schemaArbitrary(schema, { uuids } satisfies Pools).map((value) => encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value)));
  return fc.oneof({ weight: 8, arbitrary: declared }, { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) });
}

function queryArbitrary(parameters: NonNullable<OpenApiOperation['parameters']>, pools: Pools): fc.Arbitrary<string> {
  const inQuery = parameters.filter((parameter) => parameter.in === 'query');
  const fields = Object.fromEntries(inQuery.map((parameter) => [parameter.name, schemaArbitrary(parameter.schema, pools)]));
  const required = inQuery.filter((parameter) => parameter.required).map((parameter) => parameter.name);
  const extra = fc.dictionary(fc.constantFrom('cursor', 'q', 'limit', 'sort', 'tenantId', '__proto__'), hostileString, { maxKeys: 2 });
  return fc.tuple(fc.record(fields, { requiredKeys: required }), fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra })).map(([declared, more]) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...declared, ...more })) {
      // A URL over Node's 16 KB header limit never reaches the app (Node answers 431 itself).
      for (const item of Array.isArray(value) ? value : [value]) search.append(key, (typeof item === 'string' ? item : JSON.stringify(item) ?? '').slice(0, MAX_QUERY_VALUE));
    }
    return search.toString();
  });
}

function bodyArbitrary(operation: OpenApiOperation, pools: Pools): fc.Arbitrary<RequestCase['body']> {
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (!schema) return fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...BROKEN_BODIES) });
  return fc.oneof({ weight: 12, arbitrary: schemaArbitrary(schema, pools).map((json) => ({ json })) }, { weight: 1, arbitrary: fc.constantFrom(...BROKEN_BODIES) });
}

/** Requests for one operation of the contract: declared shapes mostly, hostile ones throughout. */
export function requestCaseArbitrary(path: string, operation: OpenApiOperation, pools: Record<string, string[]>): fc.Arbitrary<RequestCase> {
  const flatPools: Pools = { uuids: Object.values(pools).flat() };
  const pathParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
  const concretePath = fc
    .tuple(...pathParameters.map((parameter) => pathParameterArbitrary(path, parameter.name, parameter.schema, pools)))
    .map((values) => pathParameters.reduce((built, parameter, index) => built.replace(`{${parameter.name}}`, values[index]!), path));
  const takesApiKeys = (operation.security ?? []).some((scheme) => 'apiKey' in scheme);
  const credential = fc.oneof(
    { weight: 16, arbitrary: fc.constant<Credential>('principal') },
    ...(takesApiKeys ? [{ weight: 4, arbitrary: fc.constant<Credential>('api_key') }] : []),
    { weight: 1, arbitrary: fc.constantFrom<Credential>('none', 'forged') },
  );
  const headers = fc.record({ 'Accept-Language': fc.constantFrom(...ACCEPT_LANGUAGES), 'X-Forwarded-For': fc.constantFrom('203.0.113.7', '::1', 'not-an-ip', '1.1.1.1, 2.2.2.2') }, { requiredKeys: [] });
  return fc.record({ path: concretePath, query: queryArbitrary(operation.parameters ?? [], flatPools), headers, credential, body: bodyArbitrary(operation, flatPools) });
}
