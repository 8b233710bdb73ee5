// Reading an import file row by row, streamed from disk (never the whole file in memory): CSV with
// csv-parse (UTF-8, or GB18030 as Excel saves it on a Chinese system), Excel with readFirstSheet
// (lib/xlsx-read.ts: the first worksheet, its shared strings spilled to disk). The header row names the columns by their Chinese
// title or English key; a second row of keys (the template's hidden row) is skipped, and so is a
// row whose first cell starts with '#' (the CSV template's example). Row numbers are the ones the
// user sees: the row of the worksheet, the record of the CSV counted from 1 at the header.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { readFirstSheet } from '../../lib/xlsx-read.js';
import type { ImportColumn, ImportFormat } from './import-columns.js';

export type Cells = Record<string, string | null>;

export interface FileRow {
  rowNo: number;
  cells: Cells;
}

/** What is wrong with the file as a whole (no header, a required column missing): named by column. */
export class ImportFileError extends Error {
  constructor(
    /** The column's key, or '' for the file as a whole. */
    readonly field: string,
    readonly messageEn: string,
    readonly messageZh: string,
  ) {
    super(messageEn);
  }
}

/** Which encoding a CSV file is in: UTF-8 when its first 64 KiB decode as UTF-8, else GB18030. */
async function csvEncoding(file: string): Promise<'utf-8' | 'gb18030'> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    // stream: true lets a character cut at the end of the sample pass.
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, bytesRead), { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  } finally {
    await handle.close();
  }
}

function decoding(encoding: string): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

async function* csvRecords(file: string): AsyncGenerator<string[]> {
  const encoding = await csvEncoding(file);
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false, relax_quotes: true });
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  const text = encoding === 'utf-8' ? source : source.pipe(decoding(encoding));
  text.on('error', (err: Error) => parser.destroy(err));
  text.pipe(parser);
  for await (const record of parser) yield record as string[];
}

/** The file's records; a file the parser cannot read is an ImportFileError (the report says so), not a failed job. */
async function* fileRecords(file: string, format: ImportFormat): AsyncGenerator<{ rowNo: number; values: (string | null)[] }> {
  const records: AsyncGenerator<{ rowNo: number; values: (string | null)[] }> =
    format === 'xlsx'
      ? readFirstSheet(file)
      : (async function* () {
          let n = 0;
          for await (const r of csvRecords(file)) yield { rowNo: ++n, values: r };
        })();
  let last = 0;
  try {
    for await (const r of records) {
      last = r.rowNo;
      yield r;
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw format === 'xlsx'
      ? new ImportFileError('', 'The workbook could not be read: save it again as .xlsx.', '无法读取该工作簿，请重新另存为 .xlsx 文件。')
      : new ImportFileError('', `The CSV file could not be read after row ${last}.`, `CSV 文件第 ${last} 行之后无法解析。`);
  }
}

/** Every data row of the file as cells keyed by column key; throws ImportFileError when the file or its header is unusable. */
export async function* readImportRows(file: string, format: ImportFormat, columns: readonly ImportColumn[]): AsyncGenerator<FileRow> {
  const records = fileRecords(file, format);
  let map: (string | undefined)[] | undefined;
  const keys = new Set(columns.map((c) => c.key));
  for await (const { rowNo, values } of records) {
    const blank = values.every((v) => v === null || v.trim() === '');
    if (!map) {
      if (blank) continue;
      map = headerMap(values, columns);
      continue;
    }
    if (blank) continue;
    const first = (values[0] ?? '').trim();
    if (first.startsWith('#')) continue;
    // The template's row of keys, hidden under the titles.
    if (values.every((v, i) => v === null || v.trim() === '' || (map?.[i] !== undefined && v.trim() === map[i] && keys.has(v.trim())))) continue;
    const cells: Cells = {};
    map.forEach((key, i) => {
      if (key === undefined) return;
      const v = values[i];
      cells[key] = v === null || v === undefined ? null : v.normalize('NFC').trim() === '' ? null : v.trim();
    });
    yield { rowNo, cells };
  }
  if (!map) throw new ImportFileError('', 'The file has no header row.', '文件没有表头行。');
}

function headerMap(values: (string | null)[], columns: readonly ImportColumn[]): (string | undefined)[] {
  const byName = new Map<string, string>();
  for (const c of columns) {
    byName.set(c.title, c.key);
    byName.set(c.key.toLowerCase(), c.key);
    byName.set(c.titleEn.toLowerCase(), c.key);
  }
  const seen = new Set<string>();
  const map = values.map((v) => {
    const name = (v ?? '').trim().replace(/[*＊]$/, '');
    const key = byName.get(name) ?? byName.get(name.toLowerCase());
    if (key === undefined) return undefined;
    if (seen.has(key)) {
      const c = columns.find((x) => x.key === key) as ImportColumn;
      throw new ImportFileError(c.key, `The column ${c.titleEn} appears twice in the header.`, `表头中“${c.title}”列重复。`);
    }
    seen.add(key);
    return key;
  });
  for (const c of columns) {
    if (c.required && !seen.has(c.key)) throw new ImportFileError(c.key, `The header has no column ${c.titleEn} (${c.title}).`, `表头缺少“${c.title}”列。`);
  }
  return map;
}
