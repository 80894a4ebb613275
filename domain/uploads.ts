import { AppError } from './app-error';

const MB = 1024 * 1024;

/** The largest file an upload takes: an agency archive. */
export const UPLOAD_MAX_BYTES = 50 * MB;
/** The largest spreadsheet an import reads. */
export const SHEET_MAX_BYTES = 20 * MB;

const megabytes = (bytes: number) => Math.round(bytes / MB);

export const fileTooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `The file is larger than ${megabytes(maxBytes)} MB`, { es: `El archivo supera los ${megabytes(maxBytes)} MB` });
