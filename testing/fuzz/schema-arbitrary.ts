import fc from 'fast-check';
import { hostileKey, hostileValue } from './hostile-values';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Where a generated value comes from: ids of records that exist make handlers go past their lookups. */
export interface Pools {
  uuids: string[];
}

const FORMATS: Record<string, (pools: Pools) => fc.Arbitrary<string>> = {
  uuid: (pools) => (pools.uuids.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.uuids) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid()),
  'date-time': () => fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
  date: () => fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  email: () => fc.emailAddress(),
  uri: () => fc.webUrl(),
};

function patternArbitrary(pattern: string): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(new RegExp(pattern, 'u'));
  } catch {
    return undefined;
  }
}

function stringArbitrary(schema: JsonSchema, pools: Pools): fc.Arbitrary<string> {
  const byFormat = schema.format ? FORMATS[schema.format]?.(pools) : undefined;
  if (byFormat) return byFormat;
  const byPattern = schema.pattern ? patternArbitrary(schema.pattern) : undefined;
  if (byPattern) return byPattern.filter((value) => value.length <= (schema.maxLength ?? Infinity));
  return fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6);
  return integer ? fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function objectArbitrary(schema: JsonSchema, pools: Pools, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, schemaArbitrary(property, pools, depth + 1)]));
  const known = fc.record(properties, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
  const extra = fc.dictionary(hostileKey, hostileValue, { maxKeys: 2 });
  return fc.oneof({ weight: 9, arbitrary: known }, { weight: 1, arbitrary: fc.tuple(known, extra).map(([value, more]) => Object.assign(Object.create(null), value, more) as Record<string, unknown>) });
}

function typedArbitrary(type: string, schema: JsonSchema, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArbitrary(schema, pools);
    case 'integer':
    case 'number':
      return numberArbitrary(schema, type === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const maxLength = Math.min(schema.maxItems ?? 3, 3);
      return fc.array(schema.items ? schemaArbitrary(schema.items, pools, depth + 1) : fc.jsonValue({ maxDepth: 1 }), { minLength: Math.min(schema.minItems ?? 0, maxLength), maxLength });
    }
    case 'object':
      return depth > 6 ? fc.constant({}) : objectArbitrary(schema, pools, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * Values for a JSON Schema of the API's contract: mostly what it declares, so handlers run, with
 * hostile values mixed in at every level, so the boundary's refusals are exercised too.
 */
export function schemaArbitrary(schema: JsonSchema | undefined, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  if (!schema) return fc.jsonValue({ maxDepth: 2 });
  const declared = declaredArbitrary(schema, pools, depth);
  return fc.oneof({ weight: 12, arbitrary: declared }, { weight: 1, arbitrary: hostileValue });
}

function declaredArbitrary(schema: JsonSchema, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices && choices.length > 0) return fc.oneof(...choices.map((choice) => schemaArbitrary(choice, pools, depth)));
  if (schema.allOf && schema.allOf.length > 0) return schemaArbitrary(Object.assign({}, ...schema.allOf) as JsonSchema, pools, depth);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.properties ? ['object'] : [];
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => typedArbitrary(type, schema, pools, depth)));
}
