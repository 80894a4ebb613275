/** How a header or a label compares: accents, case, punctuation and spacing do not count ("E-mail" = "email " ≠ "emails"). */
export const labelKey = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
