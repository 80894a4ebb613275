import { importedId, isUuid } from './archive-ids';
import { IMPORTED_ENTITIES, NOT_IMPORTED, TENANT_FILE, TENANT_SETTINGS_COLUMNS, campaignAsHistory, type ArchiveReference, type ImportedEntity } from './archive-entities';
import type { AgencyArchive, ArchiveLine } from './read-archive';

/** What the import does with one line of the archive, in the order rows are created. */
export interface PlannedRow {
  file: string;
  line: number;
  /** CREATE: a new row; MERGE: a user the agency already has (by e-mail), whom the archive's rows are linked to; REFUSE: with why. */
  outcome: 'CREATE' | 'MERGE' | 'REFUSE';
  /** The row's id in the importing agency. */
  targetId?: string;
  /** The row as it is written: new ids, references followed, the agency's tenantId. */
  data?: Record<string, unknown>;
  reason?: string;
}

export interface EntityPlan {
  file: string;
  table: string;
  rows: number;
  create: number;
  merge: number;
  refuse: number;
}

/** What the plan comes to: per entity, its rows and their outcomes; the entries the import leaves out. */
export interface ArchivePlan {
  entities: EntityPlan[];
  notImported: { file: string; rows: number; reason: string; reconnect: boolean }[];
}

/** Takes each planned row, in the order rows are created. */
export type PlannedRowSink = (row: PlannedRow) => Promise<void>;

/** What the importing agency already has: users by e-mail (archive users with the same e-mail are linked to them) and taken unique values per file. */
export interface AgencyHoldings {
  userIdsByEmail: Map<string, string>;
  taken: Map<string, Set<string>>;
}

/** A row's values of a unique column set as one comparable text (e-mails compared without case); undefined when one is empty. */
export const uniqueKey = (row: Record<string, unknown>, columns: readonly string[]): string | undefined => {
  const values = columns.map((column) => row[column]);
  if (values.some((value) => value === null || value === undefined)) return undefined;
  return JSON.stringify(columns.map((column) => (column === 'email' ? String(row[column]).toLowerCase() : row[column])));
};

/** Replaces, anywhere inside a JSON value, a string that is an id of the archive with its new id. */
function remapJson(value: unknown, idOf: (archiveId: string) => string | undefined): unknown {
  if (typeof value === 'string') return (isUuid(value) && idOf(value)) || value;
  if (Array.isArray(value)) return value.map((item) => remapJson(item, idOf));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, remapJson(item, idOf)]));
  return value;
}

/** An automation's trigger names its property (`new_listing:<id>`): it follows the property. */
const remapTrigger = (trigger: unknown, idOf: (archiveId: string) => string | undefined) =>
  typeof trigger === 'string' ? trigger.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => idOf(id) ?? id) : trigger;

const USERS_FILE = IMPORTED_ENTITIES.find((entity) => entity.table === 'User')!.file;

/** A file's ids, read before planning it: a reference may name a row later in the order. */
interface FileIds {
  present: Set<string>;
  /** Ids on more than one row, and whether their first row has been planned: the others are refused. */
  repeated: Map<string, boolean>;
  /** Ids whose (first) row was refused: no row of the agency has them. */
  refused: Set<string>;
  planned: boolean;
}

class Planner {
  /** Per imported file; memory holds the archive's ids (lower-cased), never its rows. */
  private readonly ids = new Map<string, FileIds>();
  private readonly mergedUsers = new Map<string, string>();
  private readonly rowCounts = new Map<string, number>();

  constructor(
    private readonly archive: AgencyArchive,
    private readonly importId: string,
    private readonly tenantId: string,
    private readonly holdings: AgencyHoldings,
  ) {}

  async plan(sink: PlannedRowSink): Promise<ArchivePlan> {
    await this.readIds();
    const entities: EntityPlan[] = [];
    const add = async (file: string, table: string, planned: AsyncIterable<PlannedRow>) => {
      const counts = { rows: 0, create: 0, merge: 0, refuse: 0 };
      for await (const row of planned) {
        counts.rows += 1;
        counts[row.outcome === 'CREATE' ? 'create' : row.outcome === 'MERGE' ? 'merge' : 'refuse'] += 1;
        await sink(row.data ? { ...row, data: this.remapJsonColumns(file, row.data) } : row);
      }
      entities.push({ file, table, ...counts });
    };
    // The agency's settings row counts as created when its settings are applied.
    await add(TENANT_FILE, 'Tenant', this.tenantRows());
    for (const entity of IMPORTED_ENTITIES) {
      await add(entity.file, entity.table, this.entityRows(entity));
      this.ids.get(entity.file)!.planned = true;
    }
    const known = new Set([TENANT_FILE, ...IMPORTED_ENTITIES.map((entity) => entity.file)]);
    const notImported = this.archive.files
      .filter((file) => !known.has(file))
      .map((file) => ({ file, rows: this.rowCounts.get(file) ?? 0, reason: NOT_IMPORTED[file]?.reason ?? 'not known to this version of Astor', reconnect: NOT_IMPORTED[file]?.reconnect ?? false }));
    return { entities, notImported };
  }

  /** A first read of every entry: its rows counted (and checked against the manifest), the ids of imported files kept. */
  private async readIds(): Promise<void> {
    for (const entity of IMPORTED_ENTITIES) this.ids.set(entity.file, { present: new Set(), repeated: new Map(), refused: new Set(), planned: false });
    for (const file of this.archive.files) {
      const ids = this.ids.get(file);
      let rows = 0;
      for await (const { row } of this.archive.lines(file)) {
        rows += 1;
        if (!ids || !isUuid(row?.id)) continue;
        const id = row.id.toLowerCase();
        if (ids.present.has(id)) ids.repeated.set(id, false);
        else ids.present.add(id);
      }
      this.rowCounts.set(file, rows);
    }
  }

  /** The id a row of the archive has in the importing agency: the user it was linked to, or its new id; none when its row was refused. */
  private targetOf(file: string, archiveId: string): string | undefined {
    const id = archiveId.toLowerCase();
    const ids = this.ids.get(file)!;
    if (!ids.present.has(id) || ids.refused.has(id)) return undefined;
    return (file === USERS_FILE && this.mergedUsers.get(id)) || importedId(this.importId, id);
  }

  /** An fk names a row of a file planned before, as PostgreSQL needs it created first; a loose reference may name any row. */
  private referenced(file: string, kind: ArchiveReference['kind'], archiveId: string): string | undefined {
    return kind === 'fk' && !this.ids.get(file)!.planned ? undefined : this.targetOf(file, archiveId);
  }

  private readonly idOfAnything = (archiveId: string): string | undefined => {
    for (const entity of IMPORTED_ENTITIES) {
      const target = this.targetOf(entity.file, archiveId);
      if (target) return target;
    }
    return undefined;
  };

  private async *tenantRows(): AsyncGenerator<PlannedRow> {
    for await (const first of this.archive.lines(TENANT_FILE)) {
      if (!first.row) {
        yield { file: TENANT_FILE, line: first.line, outcome: 'REFUSE', reason: `line ${first.line} ${first.unreadable}` };
      } else {
        const settings = Object.fromEntries(TENANT_SETTINGS_COLUMNS.filter((column) => first.row![column] !== undefined).map((column) => [column, first.row![column]]));
        yield { file: TENANT_FILE, line: first.line, outcome: 'CREATE', data: settings };
      }
      return;
    }
  }

  private async *entityRows(entity: ImportedEntity): AsyncGenerator<PlannedRow> {
    const taken = new Map<string, Set<string>>(entity.unique.map((columns) => [columns.join(','), new Set(this.holdings.taken.get(`${entity.file}:${columns.join(',')}`) ?? [])]));
    for await (const line of this.archive.lines(entity.file)) yield this.entityRow(entity, line, taken);
  }

  private entityRow(entity: ImportedEntity, { line, row, unreadable }: ArchiveLine, taken: Map<string, Set<string>>): PlannedRow {
    const refuse = (reason: string): PlannedRow => ({ file: entity.file, line, outcome: 'REFUSE', reason });
    if (!row) return refuse(`the line ${unreadable}`);
    if (!isUuid(row.id)) return refuse('its id is not a UUID');
    const archiveId = row.id.toLowerCase();
    const ids = this.ids.get(entity.file)!;
    if (ids.repeated.get(archiveId)) return refuse('another row of the file has the same id');
    if (ids.repeated.has(archiveId)) ids.repeated.set(archiveId, true);
    const refuseId = (reason: string) => {
      ids.refused.add(archiveId);
      return refuse(reason);
    };
    if (entity.table === 'User') {
      const existing = this.holdings.userIdsByEmail.get(String(row.email).toLowerCase());
      if (existing) {
        this.mergedUsers.set(archiveId, existing);
        return { file: entity.file, line, outcome: 'MERGE', targetId: existing, reason: 'the agency already has a user with this e-mail: the archive’s rows are linked to that user' };
      }
    }
    const data: Record<string, unknown> = { ...row, ...entity.reset, id: importedId(this.importId, archiveId), tenantId: this.tenantId };
    for (const { column, file, kind } of entity.references) {
      const value = row[column];
      if (value === null || value === undefined) continue;
      const mapped = isUuid(value) ? this.referenced(file, kind, value) : undefined;
      if (!mapped && kind === 'fk') return refuseId(`${column} names a row that is not among the archive's imported ${file}`);
      data[column] = mapped ?? null;
    }
    for (const columns of entity.unique) {
      const key = uniqueKey(data, columns);
      if (key === undefined) continue;
      const values = taken.get(columns.join(','))!;
      if (values.has(key)) return refuseId(`another row already has the same ${columns.join(' and ')}`);
      values.add(key);
    }
    const written = entity.table === 'Campaign' ? { ...campaignAsHistory(data), trigger: remapTrigger(data.trigger, this.idOfAnything) } : data;
    return { file: entity.file, line, outcome: 'CREATE', targetId: data.id as string, data: written };
  }

  private remapJsonColumns(file: string, data: Record<string, unknown>): Record<string, unknown> {
    const entity = IMPORTED_ENTITIES.find((candidate) => candidate.file === file);
    const ids = new Set(['id', ...(entity?.references.map((reference) => reference.column) ?? [])]);
    return Object.fromEntries(Object.entries(data).map(([column, value]) => [column, ids.has(column) || typeof value !== 'object' || value === null ? value : remapJson(value, this.idOfAnything)]));
  }
}

/**
 * Decides, without writing anything, what importing the archive into the agency does with each of its lines,
 * handing each planned row to `sink` as it goes, so memory holds the archive's ids and not its rows: every row
 * gets a new id (a UUID v5 of its archive id in the import's namespace), every reference follows the row it
 * names or the row is refused, and the tenant is the importing agency.
 */
export function planArchiveImport(
  archive: AgencyArchive,
  { importId, tenantId, holdings }: { importId: string; tenantId: string; holdings: AgencyHoldings },
  sink: PlannedRowSink,
): Promise<ArchivePlan> {
  return new Planner(archive, importId, tenantId, holdings).plan(sink);
}
