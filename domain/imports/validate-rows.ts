import type { CreateLeadBody } from '../../api/contracts/leads.schemas';
import type { TenantSettings } from '../tenant-settings';
import type { ColumnMapping } from './column-mapping';
import { readLeadRow } from './lead-row';
import { readPropertyRow, type CreatePropertyValues } from './property-row';
import type { Sheet } from './read-sheet';
import { RowCheck, type FieldColumn } from './row-check';
import { rowMessages, type RowError } from './row-errors';

/**
 * One data row, numbered as the spreadsheet shows it. `mergesIntoRow` names an earlier row of the same file with
 * the same person (canonical phone, DNI or e-mail) or property (external reference): apply it to that one, never as a second record.
 */
export type RowResult<V> = { row: number; ok: true; values: V; mergesIntoRow?: number } | { row: number; ok: false; errors: RowError[] };

interface ValidateRowsInput<M extends ColumnMapping> {
  mapping: M;
  sheet: Sheet;
  country: TenantSettings['defaultCountry'];
}

function fieldColumns(mapping: ColumnMapping, headers: string[]): Map<string, FieldColumn> {
  const columns = new Map<string, FieldColumn>();
  headers.forEach((header, index) => {
    const field = mapping.columns[header];
    if (field) columns.set(field, { index, header });
  });
  return columns;
}

interface Identity {
  field: string;
  key: string;
}

const leadIdentities = (lead: CreateLeadBody): Identity[] =>
  [
    { field: 'phone', key: lead.phone ? `phone:${lead.phone}` : '' },
    { field: 'dni', key: lead.dni ? `dni:${lead.dni}` : '' },
    { field: 'email', key: lead.email ? `email:${lead.email.toLowerCase()}` : '' },
  ].filter((identity) => identity.key);

const propertyIdentities = (property: CreatePropertyValues): Identity[] => (property.externalRef ? [{ field: 'externalRef', key: `ref:${property.externalRef}` }] : []);

/** Marks rows that repeat an earlier row's identity; a row matching two different earlier rows is refused, as it cannot merge into both. */
function markInFileDuplicates<V>(results: RowResult<V>[], identitiesOf: (values: V) => Identity[], columns: Map<string, FieldColumn>): RowResult<V>[] {
  const firstRowOf = new Map<string, number>();
  return results.map((result) => {
    if (!result.ok) return result;
    const identities = identitiesOf(result.values);
    const matches = identities.flatMap((identity) => {
      const row = firstRowOf.get(identity.key);
      return row === undefined ? [] : [{ ...identity, row }];
    });
    const earlierRows = [...new Set(matches.map((match) => match.row))];
    const [first, second] = earlierRows;
    if (first !== undefined && second !== undefined) {
      const clash = matches.find((match) => match.row === second) ?? matches[0];
      const field = clash?.field ?? 'phone';
      return { row: result.row, ok: false, errors: [{ field, column: columns.get(field)?.header ?? null, code: 'conflicting_duplicate', message: rowMessages.conflictingDuplicate(first, second) }] };
    }
    const owner = first ?? result.row;
    for (const identity of identities) if (!firstRowOf.has(identity.key)) firstRowOf.set(identity.key, owner);
    return first === undefined ? result : { ...result, mergesIntoRow: first };
  });
}

function validate<V>(input: ValidateRowsInput<ColumnMapping>, readRow: (row: RowCheck) => V | undefined, identitiesOf: (values: V) => Identity[]): RowResult<V>[] {
  const columns = fieldColumns(input.mapping, input.sheet.headers);
  const results = input.sheet.rows.map((cells, index): RowResult<V> => {
    const row = input.sheet.rowNumbers[index] ?? index + 2;
    const check = new RowCheck(cells, columns);
    const values = readRow(check);
    return values === undefined ? { row, ok: false, errors: check.errors } : { row, ok: true, values };
  });
  return markInFileDuplicates(results, identitiesOf, columns);
}

/**
 * Every data row of the sheet checked against the mapping with the agency's country rules, refused per field or
 * turned into the exact values the lead or property creation takes. Pure: merges into the agency's existing
 * records are for the caller, who knows them.
 */
export function validateRows(input: ValidateRowsInput<Extract<ColumnMapping, { entity: 'leads' }>>): RowResult<CreateLeadBody>[];
export function validateRows(input: ValidateRowsInput<Extract<ColumnMapping, { entity: 'properties' }>>): RowResult<CreatePropertyValues>[];
export function validateRows(input: ValidateRowsInput<ColumnMapping>): RowResult<CreateLeadBody>[] | RowResult<CreatePropertyValues>[];
export function validateRows(input: ValidateRowsInput<ColumnMapping>): RowResult<CreateLeadBody>[] | RowResult<CreatePropertyValues>[] {
  if (input.mapping.entity === 'leads') return validate(input, (row) => readLeadRow(row, input.country), leadIdentities);
  return validate(input, (row) => readPropertyRow(row, input.country), propertyIdentities);
}
