import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * The id a row of the archive gets in the importing agency: a UUID v5 (RFC 9562) of the archive's id in the
 * import's namespace. The same row always gets the same id, so a retried batch finds what it already wrote
 * and undo knows what the import made, with no table of ids; and no imported row ever has the exporting
 * agency's id, even when the archive comes back into the installation it left.
 */
export function importedId(importId: string, archiveId: string): string {
  const hash = createHash('sha1').update(Buffer.from(importId.replaceAll('-', ''), 'hex')).update(archiveId.toLowerCase()).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
