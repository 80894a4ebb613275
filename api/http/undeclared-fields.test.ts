import { z } from 'zod';
import { undeclaredFields } from './undeclared-fields';

function undeclaredUnder(schema: z.ZodType, input: unknown): string[] {
  return undeclaredFields(input, schema.parse(input));
}

describe('undeclaredFields', () => {
  it('finds nothing when every key is declared', () => {
    const schema = z.object({ id: z.string(), tags: z.array(z.string()), owner: z.object({ name: z.string() }).nullable() });
    expect(undeclaredUnder(schema, { id: 'a', tags: ['x'], owner: { name: 'b' } })).toEqual([]);
    expect(undeclaredUnder(schema, { id: 'a', tags: [], owner: null })).toEqual([]);
  });

  it('names top-level and nested keys the parse dropped', () => {
    const schema = z.object({ id: z.string(), owner: z.object({ name: z.string() }) });
    expect(undeclaredUnder(schema, { id: 'a', tenantId: 't', owner: { name: 'b', passwordHash: 'h' } })).toEqual(['tenantId', 'owner.passwordHash']);
  });

  it('collapses array indexes and reports each path once', () => {
    const schema = z.object({ items: z.array(z.object({ id: z.string() })) });
    const input = { items: [{ id: '1' }, { id: '2', tokenEncrypted: 'x' }, { id: '3', tokenEncrypted: 'y', raw: {} }] };
    expect(undeclaredUnder(schema, input)).toEqual(['items[].tokenEncrypted', 'items[].raw']);
  });

  it('walks arrays at the root and arrays of arrays', () => {
    expect(undeclaredUnder(z.array(z.object({ id: z.string() })), [{ id: 'a', secret: 's' }])).toEqual(['[].secret']);
    expect(undeclaredUnder(z.object({ grid: z.array(z.array(z.object({ a: z.number() }))) }), { grid: [[{ a: 1, b: 2 }]] })).toEqual(['grid[][].b']);
  });

  it('accepts keys kept by records, catchalls and loose objects', () => {
    expect(undeclaredUnder(z.record(z.string(), z.number()), { a: 1, b: 2 })).toEqual([]);
    expect(undeclaredUnder(z.object({}).catchall(z.string()), { a: 'x' })).toEqual([]);
    expect(undeclaredUnder(z.looseObject({ id: z.string() }), { id: 'a', more: 1 })).toEqual([]);
  });

  it('follows the branch a union chose', () => {
    const schema = z.union([z.object({ kind: z.literal('a'), a: z.number() }), z.object({ kind: z.literal('b'), b: z.number() })]);
    expect(undeclaredUnder(schema, { kind: 'b', b: 1, a: 2 })).toEqual(['a']);
  });

  it('does not report keys inside a value a transform reshaped', () => {
    expect(undeclaredFields({ a: { x: 1 } }, { a: 'x' })).toEqual([]);
    expect(undeclaredFields([{ x: 1 }], { x: 1 })).toEqual([]);
    expect(undeclaredFields(undefined, undefined)).toEqual([]);
  });

  it('does not count keys the output adds, such as defaults', () => {
    expect(undeclaredUnder(z.object({ id: z.string(), n: z.number().default(0) }), { id: 'a' })).toEqual([]);
  });
});
