import { importedId, isUuid } from './archive-ids';
import { IMPORTED_ENTITIES, NOT_IMPORTED, TENANT_FILE, TENANT_SETTINGS_COLUMNS, campaignAsHistory, type ImportedEntity } from './archive-entities';
import type { AgencyArchive } from './read-archive';

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

export interface ArchivePlan {
  rows: PlannedRow[];
  entities: EntityPlan[];
  notImported: { file: string; rows: number; reason: string; reconnect: boolean }[];
}

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

class Planner {
  /** Every archive id the import gives a row to (created or linked), by file. */
  private readonly accepted = new Map<string, Map<string, string>>();
  /** Every id the archive holds per file, for loose references to rows later in the order. */
  private readonly present = new Map<string, Set<string>>();
  private readonly anyId = new Map<string, string>();

  constructor(
    private readonly archive: AgencyArchive,
    private readonly importId: string,
    private readonly tenantId: string,
    private readonly holdings: AgencyHoldings,
  ) {
    for (const entity of IMPORTED_ENTITIES) {
      const ids = new Set<string>();
      for (const { row } of archive.files.get(entity.file) ?? []) if (isUuid(row?.id)) ids.add(row.id.toLowerCase());
      this.present.set(entity.file, ids);
      this.accepted.set(entity.file, new Map());
    }
  }

  private newId(file: string, archiveId: string): string | undefined {
    const id = archiveId.toLowerCase();
    return this.accepted.get(file)?.get(id) ?? (this.present.get(file)?.has(id) ? importedId(this.importId, id) : undefined);
  }

  private readonly idOfAnything = (archiveId: string): string | undefined => this.anyId.get(archiveId.toLowerCase());

  plan(): ArchivePlan {
    const rows: PlannedRow[] = [];
    const entities: EntityPlan[] = [];
    const add = (file: string, table: string, planned: PlannedRow[]) => {
      rows.push(...planned);
      const count = (outcome: PlannedRow['outcome']) => planned.filter((row) => row.outcome === outcome).length;
      entities.push({ file, table, rows: planned.length, create: count('CREATE'), merge: count('MERGE'), refuse: count('REFUSE') });
    };
    // The agency's settings row counts as created when its settings are applied.
    add(TENANT_FILE, 'Tenant', this.tenantRows());
    for (const entity of IMPORTED_ENTITIES) add(entity.file, entity.table, this.entityRows(entity));
    // JSON columns and the agency's settings may name any row of the archive: remapped once every id is known.
    for (const row of rows) if (row.data) row.data = this.remapJsonColumns(row.file, row.data);
    const known = new Set([TENANT_FILE, ...IMPORTED_ENTITIES.map((entity) => entity.file)]);
    const notImported = [...this.archive.files]
      .filter(([file]) => !known.has(file))
      .map(([file, lines]) => ({ file, rows: lines.length, reason: NOT_IMPORTED[file]?.reason ?? 'not known to this version of Astor', reconnect: NOT_IMPORTED[file]?.reconnect ?? false }));
    return { rows, entities, notImported };
  }

  private tenantRows(): PlannedRow[] {
    const [first] = this.archive.files.get(TENANT_FILE) ?? [];
    if (!first?.row) return first ? [{ file: TENANT_FILE, line: first.line, outcome: 'REFUSE', reason: `line ${first.line} ${first.unreadable}` }] : [];
    const settings = Object.fromEntries(TENANT_SETTINGS_COLUMNS.filter((column) => first.row![column] !== undefined).map((column) => [column, first.row![column]]));
    return [{ file: TENANT_FILE, line: first.line, outcome: 'CREATE', data: settings }];
  }

  private entityRows(entity: ImportedEntity): PlannedRow[] {
    const seen = new Set<string>();
    const taken = new Map<string, Set<string>>(entity.unique.map((columns) => [columns.join(','), new Set(this.holdings.taken.get(`${entity.file}:${columns.join(',')}`) ?? [])]));
    return (this.archive.files.get(entity.file) ?? []).map(({ line, row, unreadable }): PlannedRow => {
      const refuse = (reason: string): PlannedRow => ({ file: entity.file, line, outcome: 'REFUSE', reason });
      if (!row) return refuse(`the line ${unreadable}`);
      if (!isUuid(row.id)) return refuse('its id is not a UUID');
      const archiveId = row.id.toLowerCase();
      if (seen.has(archiveId)) return refuse('another row of the file has the same id');
      seen.add(archiveId);
      if (entity.table === 'User') {
        const existing = this.holdings.userIdsByEmail.get(String(row.email).toLowerCase());
        if (existing) return this.accept(entity, archiveId, { file: entity.file, line, outcome: 'MERGE', targetId: existing, reason: 'the agency already has a user with this e-mail: the archive’s rows are linked to that user' });
      }
      const data: Record<string, unknown> = { ...row, ...entity.reset, id: importedId(this.importId, archiveId), tenantId: this.tenantId };
      for (const { column, file, kind } of entity.references) {
        const value = row[column];
        if (value === null || value === undefined) continue;
        const mapped = isUuid(value) ? this.accepted.get(file)!.get(value.toLowerCase()) ?? (kind === 'loose' ? this.newId(file, value) : undefined) : undefined;
        if (!mapped && kind === 'fk') return refuse(`${column} names a row that is not among the archive's imported ${file}`);
        data[column] = mapped ?? null;
      }
      for (const columns of entity.unique) {
        const key = uniqueKey(data, columns);
        if (key === undefined) continue;
        const values = taken.get(columns.join(','))!;
        if (values.has(key)) return refuse(`another row already has the same ${columns.join(' and ')}`);
        values.add(key);
      }
      const written = entity.table === 'Campaign' ? { ...campaignAsHistory(data), trigger: remapTrigger(data.trigger, this.idOfAnything) } : data;
      return this.accept(entity, archiveId, { file: entity.file, line, outcome: 'CREATE', targetId: data.id as string, data: written });
    });
  }

  private accept(entity: ImportedEntity, archiveId: string, row: PlannedRow): PlannedRow {
    this.accepted.get(entity.file)!.set(archiveId, row.targetId!);
    if (!this.anyId.has(archiveId)) this.anyId.set(archiveId, row.targetId!);
    return row;
  }

  private remapJsonColumns(file: string, data: Record<string, unknown>): Record<string, unknown> {
    const entity = IMPORTED_ENTITIES.find((candidate) => candidate.file === file);
    const ids = new Set(['id', ...(entity?.references.map((reference) => reference.column) ?? [])]);
    return Object.fromEntries(Object.entries(data).map(([column, value]) => [column, ids.has(column) || typeof value !== 'object' || value === null ? value : remapJson(value, this.idOfAnything)]));
  }
}

/**
 * Decides, without writing anything, what importing the archive into the agency does with each of its lines:
 * every row gets a new id (a UUID v5 of its archive id in the import's namespace), every reference follows the
 * row it names or the row is refused, and the tenant is the importing agency.
 */
export function planArchiveImport(archive: AgencyArchive, { importId, tenantId, holdings }: { importId: string; tenantId: string; holdings: AgencyHoldings }): ArchivePlan {
  return new Planner(archive, importId, tenantId, holdings).plan();
}
