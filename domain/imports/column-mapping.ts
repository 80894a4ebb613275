import { z } from 'zod';
import { isStorableText } from '../storable-text';
import { LEAD_HEADER_SYNONYMS, PROPERTY_HEADER_SYNONYMS } from './header-synonyms';
import { LEAD_IMPORT_FIELDS, PROPERTY_IMPORT_FIELDS, type ImportEntity, type ImportField } from './import-fields';
import { labelKey } from './label-key';

const header = z.string().min(1).max(1_000).refine(isStorableText, 'must not contain control characters or broken Unicode');
const columnsOf = <T extends z.ZodType>(field: T) => z.record(header, field.nullable()).refine((columns) => Object.keys(columns).length <= 1_000, 'at most 1000 columns');

function eachFieldOnce(mapping: { columns: Record<string, string | null> }) {
  const fields = Object.values(mapping.columns).filter((field) => field !== null);
  return new Set(fields).size === fields.length;
}

/** A mapping an agency saves and reuses: each header of its file to the field it fills, or null to skip the column. */
export const columnMappingSchema = z
  .discriminatedUnion('entity', [
    z.strictObject({ entity: z.literal('leads'), columns: columnsOf(z.enum(LEAD_IMPORT_FIELDS)) }),
    z.strictObject({ entity: z.literal('properties'), columns: columnsOf(z.enum(PROPERTY_IMPORT_FIELDS)) }),
  ])
  .refine(eachFieldOnce, { message: 'each field can be filled by one column only', path: ['columns'] });

export type ColumnMapping = z.output<typeof columnMappingSchema>;

const SYNONYMS: Record<ImportEntity, Record<string, string[]>> = { leads: LEAD_HEADER_SYNONYMS, properties: PROPERTY_HEADER_SYNONYMS };

interface Candidate {
  header: string;
  column: number;
  field: string;
  /** The header equals a synonym ("Teléfono"), rather than starting with one ("Teléfono 2"). */
  exact: boolean;
  /** Within one header, the longer synonym is the better reading ("Presupuesto mínimo" over "Presupuesto"). */
  length: number;
}

const compact = (key: string) => key.replace(/ /g, '');
const better = (a: Candidate, b: Candidate | undefined) => !b || (a.exact !== b.exact ? a.exact : a.length > b.length);

function bestCandidate(entity: ImportEntity, headerText: string, column: number): Candidate | undefined {
  const key = labelKey(headerText);
  let best: Candidate | undefined;
  for (const [field, synonyms] of Object.entries(SYNONYMS[entity])) {
    for (const synonym of synonyms) {
      const exact = compact(key) === compact(synonym);
      if (!exact && !key.startsWith(`${synonym} `)) continue;
      const candidate = { header: headerText, column, field, exact, length: synonym.length };
      if (better(candidate, best)) best = candidate;
    }
  }
  return best;
}

/**
 * The mapping suggested from the header names: a header equal to a synonym ("D.N.I." = "dni") beats one that only
 * starts with it, then the earlier column wins; a column no field matches, or whose field another column took, is left unmapped.
 */
export function suggestMapping<E extends ImportEntity>(entity: E, headers: string[]): Extract<ColumnMapping, { entity: E }> {
  const candidates = headers.flatMap((headerText, column) => bestCandidate(entity, headerText, column) ?? []);
  candidates.sort((a, b) => Number(b.exact) - Number(a.exact) || a.column - b.column);
  const columns: Record<string, ImportField | null> = Object.fromEntries(headers.map((headerText) => [headerText, null]));
  const taken = new Set<string>();
  for (const candidate of candidates) {
    if (taken.has(candidate.field)) continue;
    taken.add(candidate.field);
    columns[candidate.header] = candidate.field as ImportField;
  }
  return { entity, columns } as Extract<ColumnMapping, { entity: E }>;
}
