/**
 * Prisma hands `contains` and case-insensitive `equals` to PostgreSQL as LIKE / ILIKE patterns
 * without escaping them (checked on Prisma 6.19 with the pg adapter): `%` and `_` would match
 * anything and a trailing `\` fails the query. Every text filter built from user input goes
 * through these, so it matches the text literally.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Text containing `text` as typed; `ignoringCase` for ILIKE. */
export function containing(text: string, { ignoringCase = false } = {}) {
  return ignoringCase ? { contains: escapeLike(text), mode: 'insensitive' as const } : { contains: escapeLike(text) };
}

/** Text equal to `text` up to case (ILIKE under Prisma, hence escaped). */
export function equalIgnoringCase(text: string) {
  return { equals: escapeLike(text), mode: 'insensitive' as const };
}
