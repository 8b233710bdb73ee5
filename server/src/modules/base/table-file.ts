// Writing a table as a CSV or Excel file, streamed as it is written (csv-stringify; exceljs's
// WorkbookWriter with inline strings): import templates, import error reports and exports. The CSV
// starts with a byte-order mark so Excel opens it as UTF-8. An optional first line (the exporter's
// name and time) sits above the column titles; a hidden row of English keys may sit below them.
import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { DataValidation } from 'exceljs';
import { loadExcel } from '../../lib/excel.js';
import type { ImportColumn, ImportFormat } from './import-columns.js';

export type TableColumn = Pick<ImportColumn, 'key' | 'title' | 'width'> & Partial<Pick<ImportColumn, 'choices' | 'text'>>;

export interface TableFile {
  format: ImportFormat;
  sheetName: string;
  columns: readonly TableColumn[];
  rows: AsyncIterable<readonly (string | number | null)[]> | Iterable<readonly (string | number | null)[]>;
  /** A line above the titles (in xlsx, a merged first row). */
  preamble?: string;
  /** The row of English keys under the titles (hidden in xlsx), read back by the importer. */
  keyRow?: boolean;
  /** xlsx: the workbook's creator property. */
  creator?: string;
  /** xlsx: a second sheet of notes, one row each. */
  notes?: { name: string; rows: readonly (readonly string[])[] };
  /** xlsx: rows of the data sheet that carry lists of choices (data validation), after the heading rows. */
  validationRows?: number;
}

export const contentTypes: Record<ImportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `attachment; filename=…` with the name in UTF-8 (RFC 6266), an ASCII fallback beside it. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The file as a stream; errors while writing end the stream with that error. */
export function writeTableFile(spec: TableFile): Readable {
  return spec.format === 'csv' ? writeCsv(spec) : writeXlsx(spec);
}

function writeCsv(spec: TableFile): Readable {
  const out = stringify({ bom: true });
  void (async () => {
    try {
      if (spec.preamble) await put(out, [spec.preamble]);
      await put(
        out,
        spec.columns.map((c) => c.title),
      );
      if (spec.keyRow)
        await put(
          out,
          spec.columns.map((c) => c.key),
        );
      for await (const row of spec.rows)
        await put(
          out,
          row.map((v) => (v === null ? '' : v)),
        );
      out.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/** Writes one record, waiting when the reader is behind. */
async function put(out: NodeJS.WritableStream & { write(chunk: unknown): boolean }, record: readonly unknown[]): Promise<void> {
  if (!out.write(record)) await new Promise((resolve) => out.once('drain', resolve));
}

function writeXlsx(spec: TableFile): Readable {
  const out = new PassThrough();
  void (async () => {
    try {
      const ExcelJS = await loadExcel();
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      book.creator = spec.creator ?? 'Wangge';
      book.created = new Date();
      const headingRows = spec.preamble ? 2 : 1;
      const sheet = book.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: headingRows }] });
      sheet.columns = spec.columns.map((c) => ({ key: c.key, width: c.width, style: c.text ? { numFmt: '@' } : {} }));
      let next = 1;
      if (spec.preamble) {
        const row = sheet.getRow(next);
        row.getCell(1).value = spec.preamble;
        row.font = { bold: true };
        sheet.mergeCells(next, 1, next, Math.max(1, spec.columns.length));
        row.commit();
        next += 1;
      }
      const titles = sheet.getRow(next);
      spec.columns.forEach((c, i) => {
        titles.getCell(i + 1).value = c.title;
      });
      titles.font = { bold: true };
      titles.commit();
      next += 1;
      if (spec.keyRow) {
        const keys = sheet.getRow(next);
        spec.columns.forEach((c, i) => {
          keys.getCell(i + 1).value = c.key;
        });
        keys.hidden = true;
        keys.commit();
        next += 1;
      }
      if (spec.validationRows) {
        // The streaming sheet keeps its validations apart from the rows (exceljs types only the in-memory sheet's).
        const validations = (sheet as unknown as { dataValidations: { add(address: string, validation: DataValidation): void } }).dataValidations;
        spec.columns.forEach((c, i) => {
          if (!c.choices) return;
          const letter = sheet.getColumn(i + 1).letter;
          for (let r = next; r < next + (spec.validationRows as number); r++) {
            validations.add(`${letter}${r}`, {
              type: 'list',
              allowBlank: true,
              formulae: [`"${c.choices.map((x) => x.label).join(',')}"`],
              showErrorMessage: true,
            });
          }
        });
      }
      for await (const values of spec.rows) {
        const row = sheet.getRow(next);
        values.forEach((v, i) => {
          if (v !== null) row.getCell(i + 1).value = v;
        });
        row.commit();
        next += 1;
      }
      sheet.commit();
      if (spec.notes) {
        const notes = book.addWorksheet(spec.notes.name);
        for (const r of spec.notes.rows) notes.addRow([...r]).commit();
        notes.commit();
      }
      await book.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}
