/** One row of the kill matrix: a fault and what the cluster did with the traffic around it. */
export interface MatrixRow {
  fault: string;
  accepted: number;
  offered: number;
  resent: number;
  neverAccepted: number;
  lost: number;
  duplicated: number;
  campaignTwice: number;
  voiceSent: string;
  /** The longest pause of the campaign's sends that began after the fault (before the next). */
  campaignPauseMs: number;
  recoveredMs: number;
  failures: string[];
}

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '—');

const COLUMNS: { title: string; cell: (row: MatrixRow) => string }[] = [
  { title: 'fault', cell: (row) => row.fault },
  { title: 'webhooks accepted', cell: (row) => `${row.accepted}/${row.offered}` },
  { title: 'resent', cell: (row) => String(row.resent) },
  { title: 'never accepted', cell: (row) => String(row.neverAccepted) },
  { title: 'lost', cell: (row) => String(row.lost) },
  { title: 'duplicated', cell: (row) => String(row.duplicated) },
  { title: 'campaign sent twice', cell: (row) => String(row.campaignTwice) },
  { title: 'campaign paused', cell: (row) => seconds(row.campaignPauseMs) },
  { title: 'voice notes sent', cell: (row) => row.voiceSent },
  { title: 'time to recover', cell: (row) => seconds(row.recoveredMs) },
  { title: 'result', cell: (row) => (row.failures.length ? 'FAIL' : 'ok') },
];

export function matrixTable(rows: MatrixRow[]): string {
  const cells = [COLUMNS.map((column) => column.title), ...rows.map((row) => COLUMNS.map((column) => column.cell(row)))];
  const widths = COLUMNS.map((_, index) => Math.max(...cells.map((line) => line[index]!.length)));
  const line = (values: string[]) => `| ${values.map((value, index) => value.padEnd(widths[index]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export function failureLines(rows: MatrixRow[]): string[] {
  return rows.flatMap((row) => row.failures.map((failure) => `${row.fault}: ${failure}`));
}
