import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import { z } from 'zod';
import { AppError } from '../../domain/app-error';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../exports/write-agency-archive';

/** Bigger than any archive the upload limit lets in can honestly unpack to: a zip bomb is refused before it is read. */
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
/** Far longer than any row Astor exports: a line past it is not one. */
const MAX_LINE_BYTES = 8 * 1024 * 1024;
const NEWLINE = 0x0a;
const isBlank = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0d;

const manifestSchema = z.looseObject({
  format: z.string(),
  version: z.number(),
  exportedAt: z.string(),
  tenant: z.looseObject({ name: z.string(), slug: z.string() }),
  entities: z.array(z.looseObject({ file: z.string(), rows: z.number().int().nonnegative() })),
});

export type ArchiveManifest = z.output<typeof manifestSchema>;

/** One line of an entry: its 1-based line number, and the object it holds (or why it could not be read). */
export interface ArchiveLine {
  line: number;
  row?: Record<string, unknown>;
  unreadable?: string;
}

/**
 * An agency export opened for reading: its manifest, checked, and its JSON Lines entries, each read from the
 * zip a line at a time whenever it is asked for, so no more than one line is unpacked in memory.
 */
export interface AgencyArchive {
  manifest: ArchiveManifest;
  /** The `.jsonl` entries, in the zip's order. */
  files: readonly string[];
  /** An entry's lines (none when the zip lacks it); reading one to its end checks its row count against the manifest. */
  lines(file: string): AsyncGenerator<ArchiveLine>;
}

const unreadable = (detail: string, es: string, path = 'content') => new AppError('unprocessable', detail, { es, fields: [{ path, message: detail, code: 'invalid_archive' }] });

const damaged = (error: unknown) => (error instanceof AppError ? error : unreadable('The zip archive is damaged', 'El zip está dañado'));

function lineOf(bytes: Buffer, line: number): ArchiveLine {
  try {
    const row: unknown = JSON.parse(bytes.toString('utf8'));
    return row !== null && typeof row === 'object' && !Array.isArray(row) ? { line, row: row as Record<string, unknown> } : { line, unreadable: 'is not a JSON object' };
  } catch {
    return { line, unreadable: 'is not valid JSON' };
  }
}

/** The entry's non-blank lines, numbered as they stand in the file. */
async function* entryLines(zip: ZipFile, entry: Entry): AsyncGenerator<ArchiveLine> {
  let parts: Buffer[] = [];
  let pending = 0;
  let line = 0;
  const finish = (tail: Buffer): ArchiveLine | undefined => {
    const bytes = parts.length ? Buffer.concat([...parts, tail]) : tail;
    parts = [];
    pending = 0;
    line += 1;
    return bytes.every(isBlank) ? undefined : lineOf(bytes, line);
  };
  for await (const read of await zip.openReadStreamPromise(entry)) {
    const chunk = read as Buffer;
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const complete = finish(chunk.subarray(start, end));
      if (complete) yield complete;
      start = end + 1;
    }
    pending += chunk.length - start;
    if (pending > MAX_LINE_BYTES) throw unreadable(`Line ${line + 1} of ${entry.fileName} is longer than 8 MB`, `La línea ${line + 1} de ${entry.fileName} ocupa más de 8 MB`);
    if (start < chunk.length) parts.push(Buffer.from(chunk.subarray(start)));
  }
  if (pending > 0) {
    const read = finish(Buffer.alloc(0));
    if (read) yield read;
  }
}

async function entryText(zip: ZipFile, entry: Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function checkManifest(text: string | undefined): ArchiveManifest {
  if (text === undefined) throw unreadable('The archive has no manifest.json: it is not an Astor agency export', 'El archivo no tiene manifest.json: no es una exportación de Astor');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unreadable('manifest.json is not valid JSON', 'manifest.json no es JSON válido', 'manifest');
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== EXPORT_FORMAT) throw unreadable(`Unknown archive format ${JSON.stringify(format)}: expected ${EXPORT_FORMAT}`, `Formato de archivo desconocido ${JSON.stringify(format)}: se esperaba ${EXPORT_FORMAT}`, 'manifest.format');
  const version = (json as { version?: unknown }).version;
  if (version !== EXPORT_VERSION) throw unreadable(`Unknown archive version ${JSON.stringify(version)}: this Astor reads version ${EXPORT_VERSION}`, `Versión de archivo desconocida ${JSON.stringify(version)}: este Astor lee la versión ${EXPORT_VERSION}`, 'manifest.version');
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw unreadable(`manifest.json is not valid: ${z.prettifyError(parsed.error)}`, 'manifest.json no es válido', 'manifest');
  return parsed.data;
}

const incomplete = (file: string, found: number, rows: number) =>
  unreadable(`${file} has ${found} rows, the manifest says ${rows}: the archive is incomplete`, `${file} tiene ${found} filas y el manifiesto dice ${rows}: el archivo está incompleto`, 'manifest.entities');

/** Opens an agency export: lists its entries (refusing one that would unpack past 1 GB) and checks its manifest's format and version. */
export async function openAgencyArchive(content: Buffer): Promise<AgencyArchive> {
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(content, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    throw unreadable('The file is not a zip archive', 'El archivo no es un zip');
  }
  const entries = new Map<string, Entry>();
  let manifestText: string | undefined;
  try {
    let unpacked = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== 'manifest.json' && !entry.fileName.endsWith('.jsonl')) continue;
      unpacked += entry.uncompressedSize;
      if (unpacked > MAX_UNPACKED_BYTES) throw unreadable('The archive unpacks to more than 1 GB', 'El archivo descomprimido ocupa más de 1 GB');
      if (entry.fileName === 'manifest.json') manifestText = await entryText(zip, entry);
      else entries.set(entry.fileName, entry);
    }
  } catch (error) {
    throw damaged(error);
  }
  const manifest = checkManifest(manifestText);
  const declared = new Map(manifest.entities.map(({ file, rows }) => [file, rows]));
  for (const [file, rows] of declared) if (rows > 0 && !entries.has(file)) throw incomplete(file, 0, rows);
  return {
    manifest,
    files: [...entries.keys()],
    async *lines(file) {
      const entry = entries.get(file);
      if (!entry) return;
      let found = 0;
      try {
        for await (const line of entryLines(zip, entry)) {
          found += 1;
          yield line;
        }
      } catch (error) {
        throw damaged(error);
      }
      const rows = declared.get(file);
      if (rows !== undefined && found !== rows) throw incomplete(file, found, rows);
    },
  };
}
