// The first worksheet of an .xlsx workbook, row by row, in memory that does not grow with the file.
//
// exceljs's streaming reader holds the whole shared-strings table in memory (Excel writes every text
// cell there, so a million persons are some ten million strings) and builds objects per cell; an
// import of a million rows went from 553 to 1,097 MiB and spent more CPU per row in the reader than
// in everything else. This reader:
// - opens the zip by its central directory (yauzl), so the parts are read in the order it needs them,
//   whatever order they were written in (exceljs writes the sheet before the shared strings);
// - parses XML with saxes (the parser exceljs itself uses), keeping only the text it needs;
// - spills the shared strings to two files beside the workbook (the strings, and where each begins)
//   and reads them back a page at a time through a small cache: Excel writes a table in the order the
//   strings first appear, so rows ask for pages nearly in order, and the frequent early strings (a sex,
//   an ethnicity) stay cached.
// A cell comes back as the text a user sees in it: shared and inline strings as written, numbers as
// JavaScript prints them (an 18-digit number that lost its last digits in exponent form, so that the
// check says so), booleans as TRUE/FALSE, a cell with a date format as its ISO date, an error as empty.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';

export interface SheetRow {
  /** The worksheet's row number, as Excel shows it (1 for the first row). */
  rowNo: number;
  /** The cells from column A on; a missing cell is null. */
  values: (string | null)[];
}

// ---- The zip -------------------------------------------------------------------------------------

interface Zip {
  entries: Map<string, yauzl.Entry>;
  open(name: string): Promise<Readable>;
  close(): void;
}

async function openZip(file: string): Promise<Zip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, z) => (err || !z ? reject(err ?? new Error('no zip')) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName.replace(/^\/+/, ''), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', reject);
    zip.readEntry();
  });
  return {
    entries,
    open: (name) => {
      const entry = entries.get(name);
      if (!entry) return Promise.reject(new Error(`the workbook has no part ${name}`));
      return new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(err ?? new Error('no stream')) : resolve(stream))),
      );
    },
    close: () => zip.close(),
  };
}

/** Feeds a part of the zip through an XML parser, chunk by chunk, calling `drain` after each chunk. */
async function* parsePart(zip: Zip, name: string, parser: SaxesParser): AsyncGenerator<void> {
  const stream = await zip.open(name);
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    parser.write(chunk as string);
    yield;
  }
  parser.close();
  yield;
}

function newParser(): SaxesParser {
  // No namespace processing and no line/column tracking: both cost time and the parts need neither.
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', (err) => {
    throw err;
  });
  return parser;
}

async function consume(zip: Zip, name: string, parser: SaxesParser): Promise<void> {
  for await (const _ of parsePart(zip, name, parser));
}

/** Resolves a relationship's target against the folder of the part that names it. */
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

// ---- The workbook's map: which sheet is first, where the shared strings and styles are ------------

interface WorkbookMap {
  sheet: string;
  sharedStrings: string | null;
  styles: string | null;
  date1904: boolean;
}

async function workbookMap(zip: Zip): Promise<WorkbookMap> {
  let workbook = 'xl/workbook.xml';
  const root = newParser();
  root.on('opentag', (tag: SaxesTagPlain) => {
    if (tag.name === 'Relationship' && String(tag.attributes.Type ?? '').endsWith('/officeDocument'))
      workbook = resolveTarget('', String(tag.attributes.Target));
  });
  if (zip.entries.has('_rels/.rels')) await consume(zip, '_rels/.rels', root);

  let firstSheetRel: string | null = null;
  let date1904 = false;
  const wb = newParser();
  wb.on('opentag', (tag: SaxesTagPlain) => {
    if (tag.name === 'sheet' && firstSheetRel === null) firstSheetRel = String(tag.attributes['r:id'] ?? '');
    if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(String(tag.attributes.date1904 ?? ''));
  });
  await consume(zip, workbook, wb);

  const rels = new Map<string, { type: string; target: string }>();
  const relsName = workbook.replace(/([^/]+)$/, '_rels/$1.rels');
  const rp = newParser();
  rp.on('opentag', (tag: SaxesTagPlain) => {
    if (tag.name === 'Relationship')
      rels.set(String(tag.attributes.Id), { type: String(tag.attributes.Type ?? ''), target: resolveTarget(workbook, String(tag.attributes.Target ?? '')) });
  });
  if (zip.entries.has(relsName)) await consume(zip, relsName, rp);
  const byType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? null;
  const sheet = (firstSheetRel !== null ? rels.get(firstSheetRel)?.target : undefined) ?? byType('/worksheet');
  if (!sheet || !zip.entries.has(sheet)) throw new Error('the workbook has no worksheet');
  const present = (name: string | null) => (name !== null && zip.entries.has(name) ? name : null);
  return { sheet, sharedStrings: present(byType('/sharedStrings')), styles: present(byType('/styles')), date1904 };
}

// ---- Styles: which cell formats are dates --------------------------------------------------------

/** Built-in number formats that show a date or time (ECMA-376 §18.8.30, with the East Asian ones). */
function builtInDate(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** Whether a format code shows a date: a d, m, y, h or s outside quotes, escapes and [brackets]. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  return /[dmyhs]/i.test(bare.replace(/general/gi, ''));
}

async function dateStyles(zip: Zip, name: string | null): Promise<boolean[]> {
  if (name === null) return [];
  const custom = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  const p = newParser();
  p.on('opentag', (tag: SaxesTagPlain) => {
    if (tag.name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), isDateFormat(String(tag.attributes.formatCode ?? '')));
    else if (tag.name === 'cellXfs') inCellXfs = true;
    else if (tag.name === 'xf' && inCellXfs) {
      const id = Number(tag.attributes.numFmtId ?? 0);
      styles.push(custom.get(id) ?? builtInDate(id));
    }
  });
  p.on('closetag', (tag) => {
    if (tag.name === 'cellXfs') inCellXfs = false;
  });
  await consume(zip, name, p);
  return styles;
}

// ---- Shared strings, spilled to disk ---------------------------------------------------------------

export interface SharedStringsCache {
  /** Strings per page: the unit read back from disk and cached. */
  pageSize: number;
  /** Pages cached, least recently used dropped first. */
  pages: number;
}

/** 128 pages of 1,024 strings: a few MiB whatever the table's size. */
const DEFAULT_CACHE: SharedStringsCache = { pageSize: 1024, pages: 128 };

/** OOXML escapes a character XML cannot carry as _xHHHH_ (ST_Xstring). */
function unescapeXstring(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : s;
}

class SharedStrings {
  private count = 0;
  private bytes = 0;
  private readonly textFd: number;
  private readonly indexFd: number;
  private textBuf = Buffer.allocUnsafe(1 << 20);
  private textUsed = 0;
  private readonly indexBuf = new Float64Array(8192);
  private indexUsed = 0;
  private readonly pages = new Map<number, string[]>();
  private lastPage = -1;
  private last: string[] = [];

  constructor(
    private readonly base: string,
    private readonly cache: SharedStringsCache,
  ) {
    this.textFd = openSync(`${base}.strings`, 'w+');
    this.indexFd = openSync(`${base}.index`, 'w+');
  }

  add(s: string): void {
    this.pushOffset(this.bytes);
    const need = Buffer.byteLength(s);
    if (this.textUsed + need > this.textBuf.length) this.flushText();
    if (need > this.textBuf.length) this.textBuf = Buffer.allocUnsafe(need);
    this.textUsed += this.textBuf.write(s, this.textUsed);
    this.bytes += need;
    this.count++;
  }

  /** Called once every string is added: the index gets the end of the last string. */
  finish(): void {
    this.pushOffset(this.bytes);
    this.flushText();
    this.flushIndex();
  }

  get size(): number {
    return this.count;
  }

  get(i: number): string | null {
    if (!(i >= 0 && i < this.count)) return null;
    const p = Math.floor(i / this.cache.pageSize);
    if (p !== this.lastPage) {
      let page = this.pages.get(p);
      if (page) {
        // Least recently used first: a hit moves the page to the end.
        this.pages.delete(p);
      } else {
        page = this.load(p);
        if (this.pages.size >= this.cache.pages) this.pages.delete(this.pages.keys().next().value as number);
      }
      this.pages.set(p, page);
      this.lastPage = p;
      this.last = page;
    }
    return this.last[i - p * this.cache.pageSize] ?? null;
  }

  close(): void {
    closeSync(this.textFd);
    closeSync(this.indexFd);
    rmSync(`${this.base}.strings`, { force: true });
    rmSync(`${this.base}.index`, { force: true });
  }

  private pushOffset(offset: number): void {
    this.indexBuf[this.indexUsed++] = offset;
    if (this.indexUsed === this.indexBuf.length) this.flushIndex();
  }

  private flushText(): void {
    let done = 0;
    while (done < this.textUsed) done += writeSync(this.textFd, this.textBuf, done, this.textUsed - done);
    this.textUsed = 0;
  }

  private flushIndex(): void {
    const bytes = Buffer.from(this.indexBuf.buffer, 0, this.indexUsed * 8);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.indexFd, bytes, done, bytes.length - done);
    this.indexUsed = 0;
  }

  private load(p: number): string[] {
    const first = p * this.cache.pageSize;
    const n = Math.min(this.cache.pageSize, this.count - first);
    const index = Buffer.allocUnsafe((n + 1) * 8);
    readFully(this.indexFd, index, first * 8);
    const offsets = new Float64Array(index.buffer, index.byteOffset, n + 1);
    const start = offsets[0] as number;
    const text = Buffer.allocUnsafe((offsets[n] as number) - start);
    readFully(this.textFd, text, start);
    const page = new Array<string>(n);
    for (let k = 0; k < n; k++) page[k] = text.toString('utf8', (offsets[k] as number) - start, (offsets[k + 1] as number) - start);
    return page;
  }
}

function readFully(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) throw new Error('the shared strings file ended early');
    done += n;
  }
}

async function readSharedStrings(zip: Zip, name: string, base: string, cache: SharedStringsCache): Promise<SharedStrings> {
  const table = new SharedStrings(base, cache);
  try {
    // <si> holds a <t>, or runs <r><t>…</t></r>; <rPh> holds a phonetic reading that is not part of the text.
    let text = '';
    let inT = false;
    let inPhonetic = false;
    const p = newParser();
    p.on('opentag', (tag: SaxesTagPlain) => {
      if (tag.name === 't') inT = !inPhonetic;
      else if (tag.name === 'si') text = '';
      else if (tag.name === 'rPh') inPhonetic = true;
    });
    p.on('text', (t) => {
      if (inT) text += t;
    });
    p.on('closetag', (tag) => {
      if (tag.name === 't') inT = false;
      else if (tag.name === 'rPh') inPhonetic = false;
      else if (tag.name === 'si') table.add(unescapeXstring(text));
    });
    await consume(zip, name, p);
    table.finish();
    return table;
  } catch (err) {
    table.close();
    throw err;
  }
}

// ---- Cells -------------------------------------------------------------------------------------

/** A number as the import reads it: an 18-digit number that lost its last digits in exponent form. */
export function numberText(n: number): string {
  return Number.isSafeInteger(n) || !Number.isInteger(n) ? String(n) : n.toExponential();
}

/** An Excel date serial as an ISO date (1900 system with its phantom 29 February, or 1904). */
export function serialDate(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial;
  const ms = Math.round((days - 25569) * 86_400_000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

/** The column index (A = 0) of a cell reference such as C12. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

// ---- The worksheet -----------------------------------------------------------------------------

/**
 * The rows of the workbook's first worksheet, in order. Work files (the spilled shared strings,
 * `<file>.sst.strings` and `.sst.index`) are written beside `file` and removed when the reading
 * ends, however it ends.
 */
export async function* readFirstSheet(file: string, cache: SharedStringsCache = DEFAULT_CACHE): AsyncGenerator<SheetRow> {
  const zip = await openZip(file);
  let strings: SharedStrings | null = null;
  try {
    const map = await workbookMap(zip);
    const dates = await dateStyles(zip, map.styles);
    if (map.sharedStrings !== null) strings = await readSharedStrings(zip, map.sharedStrings, `${file}.sst`, cache);
    const shared = strings;

    const out: SheetRow[] = [];
    let rowNo = 0;
    let values: (string | null)[] = [];
    let col = -1;
    let type = 'n';
    let style = 0;
    let raw = '';
    // What the text now being read is: a cell's <v>, an inline string's <t>, or nothing kept.
    let capture = false;
    let inPhonetic = false;

    const p = newParser();
    p.on('opentag', (tag: SaxesTagPlain) => {
      switch (tag.name) {
        case 'c': {
          const ref = tag.attributes.r as string | undefined;
          col = ref ? columnOf(ref) : col + 1;
          type = (tag.attributes.t as string | undefined) ?? 'n';
          style = tag.attributes.s === undefined ? 0 : Number(tag.attributes.s);
          raw = '';
          break;
        }
        case 'v':
          capture = true;
          break;
        case 't':
          capture = !inPhonetic;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 'row': {
          const r = tag.attributes.r as string | undefined;
          rowNo = r ? Number(r) : rowNo + 1;
          values = [];
          col = -1;
          break;
        }
      }
    });
    p.on('text', (t) => {
      if (capture) raw += t;
    });
    p.on('closetag', (tag) => {
      switch (tag.name) {
        case 'v':
        case 't':
          capture = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c': {
          let value: string | null;
          switch (type) {
            case 's':
              value = shared && raw !== '' ? shared.get(Number(raw)) : null;
              break;
            case 'inlineStr':
            case 'str':
              value = unescapeXstring(raw);
              break;
            case 'b':
              value = raw === '' ? null : raw === '1' || raw === 'true' ? 'TRUE' : 'FALSE';
              break;
            case 'e':
              value = null;
              break;
            case 'd':
              value = raw === '' ? null : raw.slice(0, 10);
              break;
            default: {
              if (raw === '') value = null;
              else {
                const n = Number(raw);
                value = Number.isNaN(n) ? raw : dates[style] ? serialDate(n, map.date1904) : numberText(n);
              }
            }
          }
          if (col >= 0) {
            while (values.length < col) values.push(null);
            values[col] = value;
          }
          break;
        }
        case 'row':
          out.push({ rowNo, values });
          break;
      }
    });
    for await (const _ of parsePart(zip, map.sheet, p)) {
      for (const row of out) yield row;
      out.length = 0;
    }
  } finally {
    strings?.close();
    zip.close();
  }
}
