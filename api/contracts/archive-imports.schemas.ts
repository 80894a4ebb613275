import { z } from 'zod';

export const archiveImportBody = z.strictObject({
  /** The agency export's zip (docs/export-format.md, up to 50 MB) sent to POST /uploads of the agency it is imported into. */
  uploadId: z.uuid(),
});

export const archiveImportQuery = z.strictObject({
  /** `true`: answer what the import would do, writing nothing. */
  dryRun: z.enum(['true', 'false']).optional().transform((value) => value === 'true'),
});

export const archiveImportParams = z.strictObject({ id: z.uuid(), importId: z.uuid() });

const counts = z.record(z.string(), z.number().int());

export const archiveImportSchema = z.object({
  /** Null on a dry run, which stores nothing. */
  id: z.uuid().nullable(),
  status: z.enum(['DRY_RUN', 'APPLYING', 'APPLIED', 'UNDOING', 'UNDONE', 'FAILED']),
  fileName: z.string(),
  archive: z.object({ format: z.string(), version: z.number().int(), exportedAt: z.string(), agency: z.object({ name: z.string(), slug: z.string() }) }),
  /** Per archive file: its rows, how many are (or would be) created, linked to an existing user, refused; created so far and undone. */
  entities: z.array(
    z.object({ file: z.string(), table: z.string(), rows: z.number().int(), create: z.number().int(), merge: z.number().int(), refuse: z.number().int(), created: z.number().int(), undone: z.number().int() }),
  ),
  /** Files the import leaves out, with why; `reconnect`: integrations to set up again in this agency. */
  notImported: z.array(z.object({ file: z.string(), rows: z.number().int(), reason: z.string(), reconnect: z.boolean() })),
  /** The first refused rows: file, line and why. */
  refused: z.array(z.object({ file: z.string(), line: z.number().int(), reason: z.string() })),
  /** The agency's rows per export file before the import, and after applying (or undoing) it. */
  totals: z.object({ before: counts, after: counts.nullable() }),
  error: z.string().nullable(),
  createdAt: z.iso.datetime().nullable(),
  appliedAt: z.iso.datetime().nullable(),
  undoneAt: z.iso.datetime().nullable(),
  /** Until when undo is offered (7 days after applying). */
  undoUntil: z.iso.datetime().nullable(),
});
