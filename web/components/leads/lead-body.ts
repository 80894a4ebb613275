import type { z } from 'zod';
import type { leadSchema } from '../../../api/contracts/leads.schemas';

export type Lead = z.infer<typeof leadSchema>;

const TEXT_FIELDS = ['name', 'phone', 'email', 'dni', 'notes', 'searchZone', 'searchType', 'searchOperation', 'budgetCurrency'] as const;
const NUMBER_FIELDS = ['budgetMin', 'budgetMax', 'roomsMin'] as const;

/**
 * The API body from the lead form. A new lead leaves out what was left blank; an edited lead sends
 * blanks as null, which is how the API clears a field.
 */
export function leadBody(form: FormData, purpose: 'create' | 'update'): Record<string, unknown> {
  const blank = purpose === 'create' ? undefined : null;
  const read = (name: string) => String(form.get(name) ?? '').trim();
  const body: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) body[field] = read(field) || blank;
  for (const field of NUMBER_FIELDS) body[field] = read(field) ? Number(read(field)) : blank;
  body.tags = read('tags')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  if (purpose === 'create') {
    body.origin = read('origin') || undefined;
    body.stage = read('stage') || undefined;
  }
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
