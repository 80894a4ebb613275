import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import { z } from 'zod';
import { AppError } from '../../domain/app-error';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../exports/write-agency-archive';

/** Bigger than any archive the body limit lets in can honestly unpack to: a zip bomb stops here. */
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

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

export interface AgencyArchive {
  manifest: ArchiveManifest;
  /** Each `.jsonl` entry's lines, by file name. */
  files: Map<string, ArchiveLine[]>;
}

const unreadable = (detail: string, es: string, path = 'content') => new AppError('unprocessable', detail, { es, fields: [{ path, message: detail, code: 'invalid_archive' }] });

async function entryText(zip: ZipFile, entry: Entry, budget: { left: number }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(entry)) {
    budget.left -= (chunk as Buffer).length;
    if (budget.left < 0) throw unreadable('The archive unpacks to more than 1 GB', 'El archivo descomprimido ocupa más de 1 GB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function linesOf(text: string): ArchiveLine[] {
  const lines: ArchiveLine[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    try {
      const row: unknown = JSON.parse(raw);
      lines.push(row !== null && typeof row === 'object' && !Array.isArray(row) ? { line, row: row as Record<string, unknown> } : { line, unreadable: 'is not a JSON object' });
    } catch {
      lines.push({ line, unreadable: 'is not valid JSON' });
    }
  });
  return lines;
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

/** Unpacks an agency export in memory: the manifest (format and version checked first) and every JSON Lines entry. */
export async function readAgencyArchive(content: Buffer): Promise<AgencyArchive> {
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(content, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    throw unreadable('The file is not a zip archive', 'El archivo no es un zip');
  }
  const budget = { left: MAX_UNPACKED_BYTES };
  const texts = new Map<string, string>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName === 'manifest.json' || entry.fileName.endsWith('.jsonl')) texts.set(entry.fileName, await entryText(zip, entry, budget));
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable('The zip archive is damaged', 'El zip está dañado');
  } finally {
    zip.close();
  }
  const manifest = checkManifest(texts.get('manifest.json'));
  const files = new Map<string, ArchiveLine[]>();
  for (const [name, text] of texts) if (name !== 'manifest.json') files.set(name, linesOf(text));
  for (const { file, rows } of manifest.entities) {
    const found = files.get(file)?.length ?? 0;
    if (found !== rows) throw unreadable(`${file} has ${found} rows, the manifest says ${rows}: the archive is incomplete`, `${file} tiene ${found} filas y el manifiesto dice ${rows}: el archivo está incompleto`, 'manifest.entities');
  }
  return { manifest, files };
}
