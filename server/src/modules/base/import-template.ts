// The template of a registry's import file: the column titles (required ones marked in the notes),
// the hidden row of English keys, lists of choices on enum columns (xlsx), and an example row: in
// the CSV as a row starting with '#' (which the importer skips), in the workbook on its notes sheet.
import type { Readable } from 'node:stream';
import { type ImportFormat, type ImportRegistry, registryColumns, registryTitles } from './import-columns.js';
import { writeTableFile } from './table-file.js';

/** Rows of the template's data sheet that carry the lists of choices. */
const TEMPLATE_ROWS = 2000;

export function templateFile(registry: ImportRegistry, format: ImportFormat): { fileName: string; body: Readable } {
  const columns = registryColumns[registry];
  const title = registryTitles[registry];
  const example = columns.map((c) => c.example || null);
  const notes = [
    ['列名 Column', '键 Key', '必填 Required', '可选值 Choices', '示例 Example'],
    ...columns.map((c) => [c.title, c.key, c.required ? '是 yes' : '', (c.choices ?? []).map((x) => x.label).join('、'), c.example]),
    [],
    ['说明：第 1 行为列名，第 2 行（隐藏）为英文键，请从第 3 行起填写；日期格式 YYYY-MM-DD；证件号码、电话请按文本填写。'],
    ['Notes: row 1 holds the titles, row 2 (hidden) the keys; fill in from row 3. Dates YYYY-MM-DD; enter ID numbers and phones as text.'],
    ['网格编码与房屋地址编码填写其一；同一证件号码再次导入时更新原记录，内容相同则不作改动。'],
    [
      'Give the grid code or the dwelling address code; a row whose ID number is already registered updates that person, and changes nothing when it is the same.',
    ],
  ];
  return {
    fileName: `${title.zh}导入模板-${registry}-template.${format}`,
    body: writeTableFile({
      format,
      sheetName: title.zh,
      columns,
      keyRow: true,
      // The CSV's example row is skipped on import: its first cell starts with '#'.
      rows: format === 'csv' ? [[`#${example[0] ?? ''}`, ...example.slice(1)]] : [],
      notes: { name: '填写说明', rows: notes },
      validationRows: TEMPLATE_ROWS,
    }),
  };
}
