// exceljs, loaded when a workbook is first read or written: it is the heaviest module the server
// imports (~0.5 s), and most processes (and test files) never touch a workbook.
let excel: Promise<typeof import('exceljs')> | undefined;

export async function loadExcel(): Promise<typeof import('exceljs')> {
  excel ??= import('exceljs').then((m) => (m as { default?: typeof import('exceljs') }).default ?? m);
  return excel;
}
