import { findUnstorableText, isStorableText, toStorableText } from './storable-text';

describe('the text rule', () => {
  it.each([
    ['plain Spanish', 'Departamento en Palermo, 3 ambientes ñ ü €', true],
    ['tabs and line breaks', 'línea 1\r\n\tlínea 2', true],
    ['an emoji (a surrogate pair)', 'casa 🏠', true],
    ['NUL', 'a\u0000b', false],
    ['another control character', 'a\u001Bb', false],
    ['DEL', 'a\u007Fb', false],
    ['a lone high surrogate', 'a\uD83Db', false],
    ['a lone low surrogate', '\uDC00', false],
  ])('%s is storable: %s', (_name, value, storable) => {
    expect(isStorableText(value)).toBe(storable);
  });

  it('replaces what cannot be stored', () => {
    expect(toStorableText('a\u0000b\uD83D')).toBe('a\uFFFDb\uFFFD');
  });

  it('names the first offending value or key by its path', () => {
    expect(findUnstorableText({ name: 'Ana', tags: ['ok', 'x\u0000'] })).toEqual({ path: 'tags.1', problem: 'value' });
    expect(findUnstorableText({ settings: { 'k\u0000': 1 } })).toEqual({ path: 'settings.k\uFFFD', problem: 'key' });
    expect(findUnstorableText({ name: 'Ana', n: 3, ok: true, none: null })).toBeUndefined();
    expect(findUnstorableText(Buffer.from([0, 0xff]))).toBeUndefined();
  });

  it('refuses nesting deeper than any document, without exhausting the stack', () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(findUnstorableText(deep)?.problem).toBe('too_deep');
  });
});
