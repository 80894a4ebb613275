import fc from 'fast-check';

/** Strings attackers and broken clients send: unstorable text, LIKE and path metacharacters, injections, sizes. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'Ana\u0000',
  'a\u001Bb',
  '\uD800',
  'x\uDFFFy',
  '%',
  '_',
  '\\',
  '%00',
  '100%_\\',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '{{1}}',
  '🏠🇦🇷',
  '\u202Eevil',
  'null',
  '-1',
  '9'.repeat(400),
  'x'.repeat(70_000),
];

const HOSTILE_VALUES: unknown[] = [null, true, 0, -1, 1.5, 1e308, -1e308, [], {}, [null], JSON.parse('{"__proto__": {"admin": true}}'), { constructor: { prototype: {} } }];

export const hostileString = fc.constantFrom(...HOSTILE_STRINGS);

/** Any JSON value an API may be sent where it expects something else. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Keys an object should never accept: prototype pollution, unstorable text, the unknown. */
export const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'a\u0000', '\uD800', 'tenantId', 'id', 'createdAt', '');
