function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The paths of object keys a schema's parse dropped: present in `input`, absent from `output`, looked for
 * recursively through objects and arrays. Array indexes collapse to `[]` (`items[].tokenEncrypted`) and each
 * distinct path is reported once, in the order first met. Where the output no longer has the input's shape
 * (a transform turned an object into something else), there is nothing to compare and nothing is reported.
 * Only paths are returned, never values, so the result is safe to log.
 */
export function undeclaredFields(input: unknown, output: unknown): string[] {
  const found = new Set<string>();
  const walk = (inValue: unknown, outValue: unknown, path: string): void => {
    if (Array.isArray(inValue)) {
      if (!Array.isArray(outValue)) return;
      inValue.forEach((item, index) => walk(item, outValue[index], `${path}[]`));
      return;
    }
    if (!isPlainObject(inValue) || !isPlainObject(outValue)) return;
    for (const [key, value] of Object.entries(inValue)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (!Object.hasOwn(outValue, key)) found.add(keyPath);
      else walk(value, outValue[key], keyPath);
    }
  };
  walk(input, output, '');
  return [...found];
}
