import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { isDateFormat, readFirstSheet, SheetScanner, type SheetRow, serialDate } from './xlsx-read.js';

const root = mkdtempSync(path.join(tmpdir(), 'wangge-xlsx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
const fileIn = (name = 'book') => path.join(mkdtempSync(path.join(root, `${++n}-`)), `${name}.xlsx`);

async function rows(file: string, cache?: Parameters<typeof readFirstSheet>[1]): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const r of readFirstSheet(file, cache)) out.push(r);
  return out;
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook written part by part, as Excel and other programs write what exceljs does not. */
async function handMade(parts: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(parts)) zip.file(name, text);
  const file = fileIn('hand');
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return file;
}

const handParts = (sheet: string, extra: Record<string, string> = {}) => ({
  '_rels/.rels': xml(
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ),
  // The first sheet in the workbook's order is the second part: order comes from the workbook, not the zip.
  'xl/workbook.xml': xml(
    `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr/><sheets><sheet name="人员" sheetId="2" r:id="rId2"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  ),
  'xl/_rels/workbook.xml.rels': xml(
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>` +
      `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
      `<Relationship Id="rId4" Type="${REL}/styles" Target="./styles.xml"/></Relationships>`,
  ),
  'xl/styles.xml': xml(
    `<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>` +
      `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
      `<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`,
  ),
  'xl/sharedStrings.xml': xml(
    `<sst xmlns="${MAIN}" count="4" uniqueCount="4"><si><t>张三</t></si>` +
      `<si><r><t>李</t></r><r><rPr><b/></rPr><t xml:space="preserve">四 </t></r></si>` +
      `<si><t>ナカ</t><rPh sb="0" eb="2"><t>なか</t></rPh></si>` +
      `<si><t>a_x000D_b &amp; &lt;c&gt;</t></si></sst>`,
  ),
  'xl/worksheets/sheet1.xml': xml(
    `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row></sheetData></worksheet>`,
  ),
  'xl/worksheets/sheet2.xml': xml(`<worksheet xmlns="${MAIN}"><sheetData>${sheet}</sheetData></worksheet>`),
  ...extra,
});

describe('readFirstSheet', () => {
  it('reads every kind of cell as the text a user sees, by the workbook’s first sheet', async () => {
    const file = await handMade(
      handParts(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>行内</t></is></c></row>' +
          // No r attributes: rows and cells follow on from the last.
          '<row><c t="s"><v>1</v></c><c><v>370402195001011234</v></c><c s="1"><v>45000</v></c><c s="2"><v>45000.75</v></c>' +
          '<c s="3"><v>1.5</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>张三</v></c>' +
          '<c t="d"><v>2024-05-01T00:00:00Z</v></c><c><v>13900000001</v></c><c t="s"/></row>' +
          '<row r="5" spans="2:4"><c r="B5" t="s"><v>3</v></c><c r="D5" t="s"><v>2</v></c></row>',
      ),
    );
    expect(await rows(file)).toEqual([
      { rowNo: 1, values: ['张三', null, '行内'] },
      {
        rowNo: 2,
        values: ['李四 ', '3.7040219500101126e+17', '2023-03-15', '2023-03-15', '1.5', 'TRUE', null, '张三', '2024-05-01', '13900000001', null],
      },
      { rowNo: 5, values: [null, 'a\rb & <c>', null, 'ナカ'] },
    ]);
  });

  it('reads a workbook with no shared strings and no styles', async () => {
    const parts: Record<string, string> = handParts(
      '<row r="3"><c r="B3" t="inlineStr"><is><r><t>王</t></r><r><t>五</t></r></is></c><c r="C3"><v>45000</v></c></row>',
    );
    delete parts['xl/sharedStrings.xml'];
    delete parts['xl/styles.xml'];
    expect(await rows(await handMade(parts))).toEqual([{ rowNo: 3, values: [null, '王五', '45000'] }]);
  });

  it('reads a workbook whose every element has a namespace prefix', async () => {
    const prefixed = (xmlText: string) => xmlText.replace(/<(\/?)(?!\?)([A-Za-z]+)([ >/])/g, '<$1x:$2$3').replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`);
    const parts: Record<string, string> = handParts('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" s="1"><v>45000</v></c></row>');
    for (const name of ['xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet2.xml']) parts[name] = prefixed(parts[name] as string);
    // The relationships' namespace under another prefix too.
    parts['xl/workbook.xml'] = (parts['xl/workbook.xml'] as string).replace(/xmlns:r=/, 'xmlns:rel=').replace(/r:id=/g, 'rel:id=');
    expect(parts['xl/sharedStrings.xml']).toContain('<x:si>');
    expect(await rows(await handMade(parts))).toEqual([{ rowNo: 1, values: ['李四 ', '2023-03-15'] }]);
  });

  it('reads the 1904 date system', async () => {
    const parts = handParts('<row r="1"><c r="A1" s="1"><v>0</v></c></row>');
    parts['xl/workbook.xml'] = parts['xl/workbook.xml'].replace('<workbookPr/>', '<workbookPr date1904="1"/>');
    expect(await rows(await handMade(parts))).toEqual([{ rowNo: 1, values: ['1904-01-01'] }]);
  });

  it('reads what exceljs writes: shared or inline strings, dates by their format, formulas by their result', async () => {
    for (const useSharedStrings of [true, false]) {
      const file = fileIn();
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings, useStyles: true });
      const sheet = book.addWorksheet('人员');
      sheet.addRow(['姓名', '出生日期', '电话', '备注']).commit();
      const row = sheet.addRow(['赵六', new Date(Date.UTC(1990, 4, 17)), '13900000002', { formula: 'A2', result: '赵六' }]);
      row.getCell(2).numFmt = 'yyyy-mm-dd';
      row.commit();
      sheet.addRow([{ richText: [{ text: '钱' }, { text: '七', font: { bold: true } }] }, null, 13900000003, true]).commit();
      book.addWorksheet('说明').addRow(['不读']).commit();
      await book.commit();
      expect(await rows(file), `useSharedStrings ${useSharedStrings}`).toEqual([
        { rowNo: 1, values: ['姓名', '出生日期', '电话', '备注'] },
        { rowNo: 2, values: ['赵六', '1990-05-17', '13900000002', '赵六'] },
        { rowNo: 3, values: ['钱七', null, '13900000003', 'TRUE'] },
      ]);
    }
  });

  it('reads a shared-strings table many times its cache, in any order, and removes its work files', async () => {
    const file = fileIn();
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
    const sheet = book.addWorksheet('人员');
    // Column A in the table's order, column B backwards through it, column C always the first few strings.
    const count = 300;
    for (let i = 0; i < count; i++) sheet.addRow([`第${i}行`]).commit();
    for (let i = 0; i < count; i++) sheet.addRow([`第${i}行`, `第${count - 1 - i}行`, `第${i % 3}行`]).commit();
    await book.commit();
    const got = await rows(file, { pageSize: 8, pages: 2 });
    expect(got).toHaveLength(2 * count);
    got.slice(count).forEach((r, i) => {
      expect(r.values).toEqual([`第${i}行`, `第${count - 1 - i}行`, `第${i % 3}行`]);
    });
    expect(readdirSync(path.dirname(file))).toEqual(['book.xlsx']);
  });

  it('removes its work files when the reader stops early', async () => {
    const file = fileIn();
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
    const sheet = book.addWorksheet('人员');
    for (let i = 0; i < 50; i++) sheet.addRow([`第${i}行`]).commit();
    await book.commit();
    for await (const r of readFirstSheet(file)) {
      expect(r.rowNo).toBe(1);
      expect(readdirSync(path.dirname(file)).sort()).toEqual(['book.xlsx', 'book.xlsx.sst.index', 'book.xlsx.sst.strings']);
      break;
    }
    expect(readdirSync(path.dirname(file))).toEqual(['book.xlsx']);
  });

  it('refuses a file that is not a workbook, and a workbook with no worksheet', async () => {
    const notZip = fileIn();
    writeFileSync(notZip, 'name,id\n张三,1\n');
    await expect(rows(notZip)).rejects.toThrow();
    const parts: Record<string, string> = handParts('');
    delete parts['xl/worksheets/sheet1.xml'];
    delete parts['xl/worksheets/sheet2.xml'];
    await expect(rows(await handMade(parts))).rejects.toThrow(/no worksheet/);
    const broken = handParts('<row r="1"><c r="A1"><v>1</v></row>');
    await expect(rows(await handMade(broken))).rejects.toThrow();
  });
});

describe('SheetScanner', () => {
  const sheet =
    `<?xml version="1.0"?><x:worksheet xmlns:x="${MAIN}"><x:cols><x:col min="1" max="2"/></x:cols><x:sheetData>` +
    `<x:row r='1' spans='1:3'><x:c r='A1' t='inlineStr'><x:is><x:t>a&gt;b &amp; &#x4E2D;&#25991;</x:t></x:is></x:c><x:c r="C1"><x:v>7</x:v></x:c></x:row>` +
    '<x:row r="2"/><x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>ends in row&gt; and arrow></x:t></x:is></x:c><x:c r="C3"/></x:row>' +
    '</x:sheetData><x:mergeCells count="0"/></x:worksheet>';
  // The cell's type and its text, so that the scan alone is seen.
  const asSeen = (type: string, _style: number, raw: string) => `${type}:${raw}`;
  const expected: SheetRow[] = [
    { rowNo: 1, values: ['inlineStr:a>b & 中文', null, 'n:7'] },
    { rowNo: 2, values: [] },
    { rowNo: 3, values: [null, 'inlineStr:ends in row> and arrow>', 'n:'] },
  ];

  it('reads prefixed names, either quote, entities and character references, self-closing rows and cells', () => {
    const scanner = new SheetScanner(asSeen);
    scanner.feed(sheet);
    scanner.end();
    expect(scanner.take()).toEqual(expected);
  });

  it('gives the same rows however the text is cut into pieces', () => {
    for (const size of [1, 2, 3, 5, 7, 13, 64]) {
      const scanner = new SheetScanner(asSeen);
      const rows: SheetRow[] = [];
      for (let i = 0; i < sheet.length; i += size) {
        scanner.feed(sheet.slice(i, i + size));
        rows.push(...scanner.take());
      }
      scanner.end();
      rows.push(...scanner.take());
      expect(rows, `pieces of ${size}`).toEqual(expected);
    }
  });

  it('refuses what producers never write among rows, rather than reading it as a value', () => {
    const cases: [string, RegExp][] = [
      ['<sheetData><row r="1"><c r="A1"><v><![CDATA[42]]></v></c></row></sheetData>', /CDATA/],
      ['<sheetData><row r="1"><c r="A1"><v>4<!-- x -->2</v></c></row></sheetData>', /comment/],
      ['<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a&nbsp;b</t></is></c></row></sheetData>', /entity/],
      ['<sheetData><row r="x"><c r="A1"><v>1</v></c></row></sheetData>', /row number/],
      ['<sheetData><row r="1"><c r="AAAAAAA1"><v>1</v></c></row></sheetData>', /past XFD/],
    ];
    for (const [broken, message] of cases) {
      const scanner = new SheetScanner(asSeen);
      expect(() => {
        scanner.feed(broken);
        scanner.end();
      }, broken).toThrow(message);
    }
  });

  it('keeps only an inline string’s text: a <t> of an extension inside the cell is not its value', () => {
    const scanner = new SheetScanner(asSeen);
    scanner.feed('<sheetData><row r="1"><c r="A1"><v>1</v><extLst><ext><t>zz</t></ext></extLst></c><c r="XFD1"><v>2</v></c></row></sheetData>');
    scanner.end();
    const [row] = scanner.take();
    expect(row?.values[0]).toBe('n:1');
    expect(row?.values).toHaveLength(16_384);
    expect(row?.values[16_383]).toBe('n:2');
  });

  it('refuses a row longer than 16 MB, fed in pieces, without holding more', () => {
    const scanner = new SheetScanner(asSeen);
    scanner.feed('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>');
    const piece = 'x'.repeat(2 ** 20);
    expect(() => {
      for (let i = 0; i < 20; i++) scanner.feed(piece);
    }).toThrow(/longer than 16 MB/);
  });

  it('refuses a row or cell left open or closed out of turn', () => {
    for (const broken of [
      '<sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData>',
      '<sheetData><row r="1"><c r="A1"><v>1</v></c>',
      '<sheetData></c></sheetData>',
    ]) {
      const scanner = new SheetScanner(asSeen);
      expect(() => {
        scanner.feed(broken);
        scanner.end();
      }, broken).toThrow(/worksheet/);
    }
  });
});

describe('isDateFormat', () => {
  it.each([
    ['yyyy-mm-dd', true],
    ['yyyy"年"m"月"d"日"', true],
    ['[$-804]yyyy/m/d', true],
    ['h:mm:ss', true],
    ['General', false],
    ['0.00', false],
    ['[Red]#,##0', false],
    ['"day "0', false],
    ['@', false],
  ])('%s → %s', (code, date) => expect(isDateFormat(code)).toBe(date));
});

describe('serialDate', () => {
  it('counts the 1900 system with its phantom 29 February, and the 1904 system', () => {
    expect(serialDate(1, false)).toBe('1900-01-01');
    expect(serialDate(59, false)).toBe('1900-02-28');
    expect(serialDate(61, false)).toBe('1900-03-01');
    expect(serialDate(45000, false)).toBe('2023-03-15');
    expect(serialDate(0, true)).toBe('1904-01-01');
    expect(serialDate(-1, false)).toBeNull();
  });
});
