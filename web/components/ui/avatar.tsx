/** Backgrounds that keep white initials readable (WCAG AA at this size). */
const PALETTE = ['#0d5c63', '#1e40af', '#6d28d9', '#9d174d', '#9a3412', '#166534', '#334155', '#7c2d12'];

/** Up to two initials of a name ("Lucía Fernández" → "LF"); the last two digits of a phone when there is no name. */
export function initialsOf(name: string | null | undefined, phone?: string | null): string {
  const words = (name ?? '').trim().split(/\s+/).filter((word) => /\p{L}/u.test(word));
  if (words.length) return words.slice(0, 2).map((word) => [...word.replace(/^\P{L}+/u, '')][0]!.toLocaleUpperCase('es')).join('');
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits ? digits.slice(-2) : '?';
}

function colourOf(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.codePointAt(0)!) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}

/** A person as a coloured circle with their initials, the same colour wherever they appear. */
export function Avatar({ name, phone, size }: { name: string | null | undefined; phone?: string | null; size?: 'small' }) {
  const seed = name || phone || '?';
  return (
    <span className={size ? `avatar ${size}` : 'avatar'} style={{ background: colourOf(seed) }} aria-hidden="true">
      {initialsOf(name, phone)}
    </span>
  );
}
