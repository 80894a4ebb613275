import { AppError } from '../app-error';

export interface SheetLimits {
  maxBytes: number;
  /** Data rows, not counting the header row or blank rows. */
  maxRows: number;
}

export const SHEET_LIMITS: SheetLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 50_000 };

const en = (value: number) => value.toLocaleString('en-US');
const es = (value: number) => value.toLocaleString('es-AR');

export function fileTooLarge(maxBytes: number): AppError {
  const megabytes = Math.floor(maxBytes / (1024 * 1024));
  return new AppError('payload_too_large', `The file is larger than ${megabytes} MB, the most an import accepts; split it into smaller files`, {
    es: `El archivo pesa más de ${megabytes} MB, el máximo para importar; dividilo en archivos más chicos`,
    data: { limit: 'maxBytes', maxBytes },
  });
}

export function tooManyRows(maxRows: number): AppError {
  return new AppError('payload_too_large', `The file has more than ${en(maxRows)} rows, the most an import accepts; split it into smaller files`, {
    es: `El archivo tiene más de ${es(maxRows)} filas, el máximo para importar; dividilo en archivos más chicos`,
    data: { limit: 'maxRows', maxRows },
  });
}

export function unreadableFile(detail: string, esDetail: string): AppError {
  return new AppError('unprocessable', detail, { es: esDetail });
}
