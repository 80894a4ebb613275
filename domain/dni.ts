/** National identity numbers (AR DNI, CL RUT, MX CURP…) compare without dots, dashes or spaces, upper-cased. */
export function normalizeDni(input: string): string | undefined {
  const compact = input.replace(/[\s.-]/g, '').toUpperCase();
  return /^[0-9A-Z]{6,18}$/.test(compact) ? compact : undefined;
}
