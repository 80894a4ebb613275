/** One non-blank row of a file as read, numbered as a spreadsheet shows it (the header is usually row 1). */
export interface SheetRecord {
  number: number;
  cells: string[];
}
