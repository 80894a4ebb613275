import { randomUUID } from 'node:crypto';
import { ZipFile } from 'yazl';

/** A zip of the given entries, in memory: for archives a test forges. */
export function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** An agency export's manifest naming the rows of each entry; `patch` overrides any field (a wrong format or version). */
export const manifestOf = (entities: Record<string, number>, patch: object = {}) =>
  JSON.stringify({ format: 'astor-agency-export', version: 1, exportedAt: '2026-12-01T10:00:00.000Z', tenant: { id: randomUUID(), name: 'Forjada', slug: 'forjada' }, entities: Object.entries(entities).map(([file, rows]) => ({ file, rows })), ...patch });

/** JSON Lines of the given rows. */
export const jsonl = (rows: object[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
