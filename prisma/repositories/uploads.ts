import type { SqlQuery } from '../client';

export interface UploadRecord {
  id: string;
  fileName: string;
  size: number;
  complete: boolean;
  /** ISO 8601, UTC. */
  expiresAt: string;
}

const COLUMNS = `id, "fileName", size, complete, to_char("expiresAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "expiresAt"`;

/** An upload's row, before its first byte: not readable until `completeUpload`. */
export async function insertUpload(query: SqlQuery, upload: { id: string; fileName: string; createdById: string | null; keptHours: number }): Promise<void> {
  await query(
    `INSERT INTO "Upload" (id, "tenantId", "fileName", "createdById", "createdAt", "expiresAt")
     VALUES ($1::uuid, current_setting('app.tenant_id')::uuid, $2, $3::uuid, astor_utc_now(), astor_utc_now() + make_interval(hours => $4))`,
    [upload.id, upload.fileName, upload.createdById, upload.keptHours],
  );
}

export async function appendUploadChunk(query: SqlQuery, uploadId: string, seq: number, bytes: Buffer): Promise<void> {
  await query(`INSERT INTO "UploadChunk" ("uploadId", seq, "tenantId", bytes) VALUES ($1::uuid, $2, current_setting('app.tenant_id')::uuid, $3)`, [uploadId, seq, bytes]);
}

export async function completeUpload(query: SqlQuery, uploadId: string, size: number): Promise<UploadRecord> {
  const [row] = await query<UploadRecord>(`UPDATE "Upload" SET size = $2, complete = true WHERE id = $1::uuid RETURNING ${COLUMNS}`, [uploadId, size]);
  return row!;
}

export async function deleteUpload(query: SqlQuery, uploadId: string): Promise<void> {
  await query(`DELETE FROM "Upload" WHERE id = $1::uuid`, [uploadId]);
}

/** A complete upload still within its day, or undefined. */
export async function findUpload(query: SqlQuery, uploadId: string): Promise<UploadRecord | undefined> {
  const [row] = await query<UploadRecord>(`SELECT ${COLUMNS} FROM "Upload" WHERE id = $1::uuid AND complete AND "expiresAt" > astor_utc_now()`, [uploadId]);
  return row;
}

export async function uploadBytes(query: SqlQuery, uploadId: string): Promise<Buffer> {
  const chunks = await query<{ bytes: Buffer }>(`SELECT bytes FROM "UploadChunk" WHERE "uploadId" = $1::uuid ORDER BY seq`, [uploadId]);
  return Buffer.concat(chunks.map((chunk) => chunk.bytes));
}
