/**
 * The one text rule for everything that reaches PostgreSQL or a provider: no control characters
 * other than tab and line breaks (NUL cannot be stored at all) and no unpaired UTF-16 surrogates
 * (not valid Unicode, so neither jsonb nor a provider's JSON can carry them).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be caught
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

export const isStorableText = (value: string): boolean => !UNSTORABLE.test(value);

/** Replaces what cannot be stored with U+FFFD: for provider data that must be kept, never refused. */
export const toStorableText = (value: string): string => value.replace(UNSTORABLE_ALL, '\uFFFD');

export interface UnstorableText {
  /** Dotted path of the offending value or key, e.g. `items.2.name`. */
  path: string;
  problem: 'value' | 'key' | 'too_deep';
}

/** Deeper than any document Astor accepts; checked so a hostile nesting cannot exhaust the stack. */
const MAX_DEPTH = 32;

/** The first string value or object key anywhere in `value` that breaks the rule, if any. */
export function findUnstorableText(value: unknown, path: string[] = []): UnstorableText | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : { path: path.join('.') || '(root)', problem: 'value' };
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return undefined;
  if (path.length >= MAX_DEPTH) return { path: path.join('.'), problem: 'too_deep' };
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isStorableText(key)) return { path: [...path, toStorableText(key)].join('.'), problem: 'key' };
    const found = findUnstorableText(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
