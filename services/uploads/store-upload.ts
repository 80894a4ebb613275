import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError } from '../../domain/app-error';
import { fileTooLarge } from '../../domain/uploads';
import type { Database, SqlQuery } from '../../prisma/client';
import { appendUploadChunk, completeUpload, deleteUpload, insertUpload, type UploadRecord } from '../../prisma/repositories/uploads';

/** Bytes gathered before each write: a megabyte, so a 50 MB file is fifty statements and the API holds at most one. */
const CHUNK_BYTES = 1024 * 1024;
const UPLOAD_KEPT_HOURS = 24;

/**
 * Stores a file as it arrives, a megabyte per statement, each in its own short transaction (a slow
 * upload holds no connection between chunks). It becomes readable only once complete; one cut short
 * or too large is deleted, and anything left behind goes with the day's upkeep.
 */
export async function storeUpload(db: Database, tenantId: string, file: { fileName: string; createdById: string | null; body: Readable; maxBytes: number }): Promise<UploadRecord> {
  const id = randomUUID();
  const inTenant = <T>(work: (query: SqlQuery) => Promise<T>) => db.sqlInTenant(tenantId, work);
  await inTenant((query) => insertUpload(query, { id, fileName: file.fileName, createdById: file.createdById, keptHours: UPLOAD_KEPT_HOURS }));
  try {
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (!pendingBytes) return;
      const bytes = Buffer.concat(pending);
      [pending, pendingBytes] = [[], 0];
      await inTenant((query) => appendUploadChunk(query, id, seq++, bytes));
    };
    for await (const chunk of file.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > file.maxBytes) throw fileTooLarge(file.maxBytes);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    if (!size) throw new AppError('validation_failed', 'The file is empty', { es: 'El archivo está vacío', fields: [{ path: 'body', message: 'no bytes were sent', code: 'too_small' }] });
    return await inTenant((query) => completeUpload(query, id, size));
  } catch (error) {
    await inTenant((query) => deleteUpload(query, id)).catch(() => undefined);
    throw error;
  }
}
