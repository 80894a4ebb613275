import ExcelJS from 'exceljs';
import { SHEET_LIMITS } from '../sheet-limits';

/** The largest sheet an import accepts, as an agency's CRM export would have it: 12 columns, shared strings, dates. */
export async function writeLargestSheet(file: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = writer.addWorksheet('Leads');
  sheet.addRow(['Nombre', 'Apellido', 'Celular', 'Email', 'DNI', 'Zona', 'Operación', 'Tipo', 'Presupuesto', 'Alta', 'Etiquetas', 'Notas']).commit();
  for (let i = 0; i < SHEET_LIMITS.maxRows; i += 1) {
    const row = [`Nombre${i}`, `Apellido${i % 977}`, 5491100000000 + i, `lead${i}@example.com`, 20000000 + i, ['Palermo', 'Belgrano', 'Núñez'][i % 3], 'Venta', 'Departamento', 100000 + i];
    sheet.addRow([...row, new Date(Date.UTC(2026, i % 12, 1 + (i % 28))), 'inversor, 2 ambientes', `Nota número ${i}`]).commit();
  }
  await writer.commit();
}
