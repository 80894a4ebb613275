/** A field's value as a cell shows it: lists joined by commas, nothing as the given placeholder. */
export function formatValue(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (Array.isArray(value)) return value.length ? value.map((item) => formatValue(item, empty)).join(', ') : empty;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as string | number | boolean);
}
