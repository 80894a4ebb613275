import { AppError } from '../../domain/app-error';
import type { Database } from '../../prisma/client';
import { findUpload, uploadBytes } from '../../prisma/repositories/uploads';

/** A complete upload of the agency, within its day: its name and bytes. */
export async function readUpload(db: Database, tenantId: string, uploadId: string, maxBytes: number): Promise<{ fileName: string; content: Buffer }> {
  return db.sqlInTenant(tenantId, async (query) => {
    const upload = await findUpload(query, uploadId);
    if (!upload) {
      throw new AppError('validation_failed', 'No such upload: send the file again (uploads are kept a day)', {
        es: 'No existe ese archivo subido: volvé a enviarlo (se guardan un día)',
        fields: [{ path: 'uploadId', message: 'names no complete upload of this agency within its day', code: 'not_found' }],
      });
    }
    if (upload.size > maxBytes) {
      const mb = maxBytes / (1024 * 1024);
      throw new AppError('validation_failed', `The file is larger than ${mb} MB`, { es: `El archivo supera los ${mb} MB`, fields: [{ path: 'uploadId', message: `the file is larger than ${mb} MB`, code: 'too_big' }] });
    }
    return { fileName: upload.fileName, content: await uploadBytes(query, uploadId) };
  });
}
