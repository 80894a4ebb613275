import { isStorableText } from '../storable-text';
import type { RowError, RowErrorCode } from './row-errors';
import { rowMessages } from './row-errors';

/** Where a field's cell is in the file. */
export interface FieldColumn {
  index: number;
  header: string;
}

/** Reads one row's cells by field and gathers its errors, at most one per field. */
export class RowCheck {
  readonly errors: RowError[] = [];

  constructor(
    private readonly cells: string[],
    private readonly columns: ReadonlyMap<string, FieldColumn>,
  ) {}

  /** The cell's trimmed text, undefined when blank, unmapped, or not storable (then refused). */
  text(field: string, maxLength?: number): string | undefined {
    const column = this.columns.get(field);
    const raw = column ? (this.cells[column.index] ?? '') : '';
    if (!isStorableText(raw)) return this.fail(field, 'unstorable_text', rowMessages.unstorableText());
    const text = raw.trim();
    if (maxLength !== undefined && text.length > maxLength) return this.fail(field, 'too_long', rowMessages.tooLong(maxLength));
    return text || undefined;
  }

  /** Records the field's error (the first one only) and returns undefined, so a reader can `return row.fail(…)`. */
  fail(field: string, code: RowErrorCode, message: string): undefined {
    if (!this.failed(field)) this.errors.push({ field, column: this.columns.get(field)?.header ?? null, code, message });
    return undefined;
  }

  failed(field: string): boolean {
    return this.errors.some((error) => error.field === field);
  }
}
