// The first worksheet of an .xlsx workbook, row by row, in memory that does not grow with the file.
//
// exceljs's streaming reader holds the whole shared-strings table in memory (Excel writes every text
// cell there, so a million persons are millions of distinct strings) and builds objects per cell; an
// import of a million rows went from 553 to 1,097 MiB and spent more CPU per row in the reader than
// in everything else. This reader:
// - opens the zip by its central directory (yauzl), so the parts are read in the order it needs them,
//   whatever order they were written in (exceljs writes the sheet before the shared strings);
// - parses the small parts and the shared strings with saxes (the parser exceljs itself uses), and
//   scans the worksheet itself (SheetScanner, below), keeping only the text it needs;
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
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName.replace(/^\/+/, ''), entry);
        zip.readEntry();
      });
      zip.once('end', () => resolve());
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (err) {
    // A broken central directory (a name with .., say): the file is closed before the error goes up.
    zip.close();
    throw err;
  }
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

/** An element's name without its namespace prefix (x:row → row): some producers prefix every element. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

function newParser(): SaxesParser {
  // No namespace processing and no line/column tracking: both cost time and the parts need neither.
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', (err) => {
    throw err;
  });
  return parser;
}

/** Feeds a part of the zip through an XML parser, chunk by chunk. */
async function consume(zip: Zip, name: string, parser: SaxesParser): Promise<void> {
  const stream = await zip.open(name);
  stream.setEncoding('utf8');
  for await (const chunk of stream) parser.write(chunk as string);
  parser.close();
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
    if (local(tag.name) === 'Relationship' && String(tag.attributes.Type ?? '').endsWith('/officeDocument'))
      workbook = resolveTarget('', String(tag.attributes.Target));
  });
  if (zip.entries.has('_rels/.rels')) await consume(zip, '_rels/.rels', root);

  let firstSheetRel: string | null = null;
  let date1904 = false;
  const wb = newParser();
  wb.on('opentag', (tag: SaxesTagPlain) => {
    // The relationship id is the `id` attribute in the relationships namespace, whatever its prefix (r:id as a rule).
    if (local(tag.name) === 'sheet' && firstSheetRel === null)
      firstSheetRel = String(Object.entries(tag.attributes).find(([k]) => k.endsWith(':id'))?.[1] ?? '');
    if (local(tag.name) === 'workbookPr') date1904 = ['1', 'true'].includes(String(tag.attributes.date1904 ?? ''));
  });
  await consume(zip, workbook, wb);

  const rels = new Map<string, { type: string; target: string }>();
  const relsName = workbook.replace(/([^/]+)$/, '_rels/$1.rels');
  const rp = newParser();
  rp.on('opentag', (tag: SaxesTagPlain) => {
    if (local(tag.name) === 'Relationship')
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
    if (local(tag.name) === 'numFmt') custom.set(Number(tag.attributes.numFmtId), isDateFormat(String(tag.attributes.formatCode ?? '')));
    else if (local(tag.name) === 'cellXfs') inCellXfs = true;
    else if (local(tag.name) === 'xf' && inCellXfs) {
      const id = Number(tag.attributes.numFmtId ?? 0);
      styles.push(custom.get(id) ?? builtInDate(id));
    }
  });
  p.on('closetag', (tag) => {
    if (local(tag.name) === 'cellXfs') inCellXfs = false;
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

/** The most text, and the most strings, the spilled shared strings may hold. */
const MAX_SHARED_STRING_BYTES = 4 * 2 ** 30;
const MAX_SHARED_STRINGS = 100_000_000;

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
    try {
      this.indexFd = openSync(`${base}.index`, 'w+');
    } catch (err) {
      closeSync(this.textFd);
      rmSync(`${base}.strings`, { force: true });
      throw err;
    }
  }

  add(s: string): void {
    this.pushOffset(this.bytes);
    const need = Buffer.byteLength(s);
    // A table this large is no registry (a million persons' is ~40 MB in ~3 million strings): a zip bomb
    // is refused, not spilled.
    if (this.bytes + need > MAX_SHARED_STRING_BYTES || this.count >= MAX_SHARED_STRINGS) throw new Error('the shared strings are too large');
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
      if (local(tag.name) === 't') inT = !inPhonetic;
      else if (local(tag.name) === 'si') text = '';
      else if (local(tag.name) === 'rPh') inPhonetic = true;
    });
    p.on('text', (t) => {
      if (inT) text += t;
    });
    p.on('closetag', (tag) => {
      if (local(tag.name) === 't') inT = false;
      else if (local(tag.name) === 'rPh') inPhonetic = false;
      else if (local(tag.name) === 'si') table.add(unescapeXstring(text));
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
    // Past XFD, Excel's last column: a file that says so is broken (and would fill memory with empty cells).
    if (col > MAX_COLUMNS) throw new Error(`the worksheet names a column past XFD (${ref.slice(0, 12)})`);
  }
  return col - 1;
}

/** Columns of a worksheet (A to XFD). */
const MAX_COLUMNS = 16_384;
/** The longest text the scanner holds without a closing row tag: no registry row is near it. */
const MAX_PENDING = 16 * 2 ** 20;

// ---- The worksheet -----------------------------------------------------------------------------

// The worksheet is most of the file (some 380 bytes a row), and a general XML parser spends more time
// on it than the rest of an import's reading: it is scanned instead, a run of whole rows at a time,
// by regular expressions for the few elements of sheetData (row, c, v, is, t, rPh; any namespace
// prefix), their attributes and the five XML entities and character references. Excel and the other
// producers write no CDATA, comments or processing instructions inside sheetData.

/** A tag: closing slash, local name, attributes (with a self-closing slash at their end). */
const TAG = /<(\/?)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>/g;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6})|([^;]{0,32}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with XML's five entities and character references decoded; any other entity is refused (XML has no others without a DTD). */
function decodeXml(s: string): string {
  return s.includes('&')
    ? s.replace(ENTITY, (_, name: string | undefined, dec: string | undefined, hex: string | undefined, other: string | undefined) => {
        if (other !== undefined) throw new Error(`the worksheet uses an entity XML does not define (&${other.slice(0, 12)};)`);
        if (name !== undefined) return NAMED[name] as string;
        const code = dec !== undefined ? Number(dec) : Number.parseInt(hex as string, 16);
        if (code > 0x10ffff) throw new Error('the worksheet has a character reference beyond Unicode');
        return String.fromCodePoint(code);
      })
    : s;
}

/** An attribute's value from a tag's attribute text, by its local name. */
function attr(text: string, name: string): string | undefined {
  if (!text.includes(name)) return undefined;
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(text); m !== null; m = ATTR.exec(text)) {
    const key = m[1] as string;
    if (key === name || key.endsWith(`:${name}`)) return decodeXml(m[2] ?? m[3] ?? '');
  }
  return undefined;
}

/** Scans worksheet XML fed in pieces: whole rows are scanned as soon as their closing tag has come. */
export class SheetScanner {
  private pending = '';
  private readonly out: SheetRow[] = [];
  private inSheetData = false;
  private rowNo = 0;
  private values: (string | null)[] = [];
  private col = -1;
  private type = 'n';
  private style = 0;
  private raw = '';
  /** Whether the text now being read is kept: a cell's <v>, an inline string's <t> (not a phonetic one). */
  private capture = false;
  private inPhonetic = false;
  /** Inside an inline string (<is>): its <t> is the cell's text; a <t> elsewhere (an extension) is not. */
  private inInline = false;
  /** The elements open inside sheetData: each closing tag must close the last one (a broken file is refused, not guessed at). */
  private readonly open: string[] = [];

  constructor(private readonly cellValue: (type: string, style: number, raw: string) => string | null) {}

  feed(text: string): void {
    // What was pending held no closing row tag (the last scan cut after it), so only the new text, and
    // the few characters before it that a tag cut in two may start with, are searched.
    const from = Math.max(0, this.pending.length - 16);
    this.pending += text;
    // Up to the last closing row tag: a row is never cut between two scans.
    let end = this.pending.lastIndexOf('row>');
    while (end >= from) {
      const lt = this.pending.lastIndexOf('<', end);
      if (lt >= 0 && this.pending.charCodeAt(lt + 1) === 47 /* / */) break;
      end = lt > 0 ? this.pending.lastIndexOf('row>', lt - 1) : -1;
    }
    if (end < from) {
      if (this.pending.length > MAX_PENDING) throw new Error('the worksheet has a row longer than 16 MB, or no rows');
      return;
    }
    const cut = end + 4;
    this.scan(this.pending.slice(0, cut));
    this.pending = this.pending.slice(cut);
  }

  /** The text is all fed: what is left is scanned. */
  end(): void {
    this.scan(this.pending);
    this.pending = '';
    if (this.open.length > 0) throw new Error(`the worksheet ends inside <${this.open[this.open.length - 1]}>`);
  }

  /** The rows scanned so far, handed over once. */
  take(): SheetRow[] {
    return this.out.splice(0, this.out.length);
  }

  private scan(text: string): void {
    TAG.lastIndex = 0;
    let textFrom = 0;
    for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) {
      // A '<' the tag pattern skipped — CDATA, a comment, a processing instruction — inside sheetData:
      // producers write none there, and reading it as text would take it for the cell's value.
      if (this.inSheetData && text.indexOf('<', textFrom) < m.index) throw new Error('the worksheet has CDATA, a comment or an instruction among its rows');
      if (this.capture) this.raw += text.slice(textFrom, m.index);
      textFrom = TAG.lastIndex;
      const name = m[2] as string;
      if (m[1] === '/') this.close(name);
      else {
        const attrs = m[3] as string;
        const selfClosing = attrs.endsWith('/');
        this.opened(name, attrs, selfClosing);
        if (selfClosing) this.close(name, true);
      }
    }
    if (this.capture) this.raw += text.slice(textFrom);
  }

  private opened(name: string, attrs: string, selfClosing: boolean): void {
    if (name === 'sheetData') this.inSheetData = true;
    if (!this.inSheetData) return;
    if (!selfClosing) this.open.push(name);
    switch (name) {
      case 'c': {
        // One pass over the attributes: the reference, the type and the style.
        let ref: string | undefined;
        let type = 'n';
        let style = 0;
        ATTR.lastIndex = 0;
        for (let a = ATTR.exec(attrs); a !== null; a = ATTR.exec(attrs)) {
          const key = a[1] as string;
          const value = a[2] ?? a[3] ?? '';
          if (key === 'r') ref = value;
          else if (key === 't') type = value;
          else if (key === 's') style = Number(value);
        }
        this.col = ref ? columnOf(ref) : this.col + 1;
        this.type = type;
        this.style = style;
        this.raw = '';
        break;
      }
      case 'v':
        this.capture = true;
        break;
      case 't':
        this.capture = this.inInline && !this.inPhonetic;
        break;
      case 'is':
        this.inInline = true;
        break;
      case 'rPh':
        this.inPhonetic = true;
        break;
      case 'row': {
        const r = attr(attrs, 'r');
        this.rowNo = r ? Number(r) : this.rowNo + 1;
        if (!Number.isInteger(this.rowNo) || this.rowNo < 1 || this.rowNo > 1_048_576) throw new Error('the worksheet has a row number that is not one');
        this.values = [];
        this.col = -1;
        break;
      }
    }
  }

  private close(name: string, selfClosing = false): void {
    if (!this.inSheetData) return;
    if (!selfClosing) {
      const top = this.open.pop();
      if (top !== name) throw new Error(`the worksheet closes <${name}> inside <${top ?? 'nothing'}>`);
    }
    if (name === 'sheetData') this.inSheetData = false;
    switch (name) {
      case 'v':
      case 't':
        this.capture = false;
        break;
      case 'rPh':
        this.inPhonetic = false;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'c': {
        const value = this.cellValue(this.type, this.style, decodeXml(this.raw));
        if (this.col >= 0) {
          while (this.values.length < this.col) this.values.push(null);
          this.values[this.col] = value;
        }
        this.raw = '';
        break;
      }
      case 'row':
        this.out.push({ rowNo: this.rowNo, values: this.values });
        break;
    }
  }
}

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

    const cellValue = (type: string, style: number, raw: string): string | null => {
      switch (type) {
        case 's':
          return shared && raw !== '' ? shared.get(Number(raw)) : null;
        case 'inlineStr':
        case 'str':
          return unescapeXstring(raw);
        case 'b':
          return raw === '' ? null : raw === '1' || raw === 'true' ? 'TRUE' : 'FALSE';
        case 'e':
          return null;
        case 'd':
          return raw === '' ? null : raw.slice(0, 10);
        default: {
          if (raw === '') return null;
          const n = Number(raw);
          return Number.isNaN(n) ? raw : dates[style] ? serialDate(n, map.date1904) : numberText(n);
        }
      }
    };
    const scanner = new SheetScanner(cellValue);
    const stream = await zip.open(map.sheet);
    stream.setEncoding('utf8');
    for await (const chunk of stream) {
      scanner.feed(chunk as string);
      yield* scanner.take();
    }
    scanner.end();
    yield* scanner.take();
  } finally {
    strings?.close();
    zip.close();
  }
}
