// The template of a registry's import file: the column titles (required ones marked in the notes),
// the hidden row of English keys, lists of choices on enum columns (xlsx), and an example row: in
// the CSV as a row starting with '#' (which the importer skips), in the workbook on its notes sheet.
import type { Readable } from 'node:stream';
import { type ImportFormat, type ImportRegistry, registryColumns, registryTitles } from './import-columns.js';
import { writeTableFile } from './table-file.js';

/** How a registry's rows are placed and matched, in zh and en. */
const registryNotes: Record<ImportRegistry, string[][]> = {
  person: [
    ['网格编码与房屋地址编码填写其一；同一证件号码再次导入时更新原记录，内容相同则不作改动。'],
    [
      'Give the grid code or the dwelling address code; a row whose ID number is already registered updates that person, and changes nothing when it is the same.',
    ],
  ],
  building: [
    [
      '填写网格编码，或经度和纬度（按位置确定网格；同时填写网格编码时，位置须在该网格内）。地址编码为 19 位：所在社区 12 位代码，加 3 位小区（街路巷）码和 4 位楼栋码。',
    ],
    ['同一地址编码再次导入时更新原楼栋，内容相同则不作改动；房屋（单元、房间）用房屋模板导入。'],
    [
      'Give the grid code, or the longitude and latitude (the point gives the grid; a grid also given must hold it). The address code has 19 digits: the community (12), the compound or street (3), the building (4).',
    ],
    [
      'A row whose address code is already registered updates that building, and changes nothing when it is the same; rooms are imported with the dwelling template.',
    ],
  ],
  dwelling: [
    [
      '楼栋须已登记且在您的管辖范围内，房屋所在网格随楼栋。单元号留空表示无单元；房屋地址编码为楼栋地址编码加 2 位单元号和 4 位房间号（如 1 单元 301 为 …010301），留空则按此生成，填写则须与之相符。',
    ],
    [
      '楼层留空时按 3–4 位房间号推算（301 为 3 层），不得高于楼栋层数。出租留空表示不改变（新房屋为否）；有在租登记的房屋不能改为否。同一房屋地址编码再次导入时更新原房屋，内容相同则不作改动。',
    ],
    [
      "The building must be registered and in your jurisdiction; the dwelling lies in the building's grid. Leave the unit empty for a building without units. The dwelling address code is the building's address code, then the unit (2 digits) and the room (4 digits) (unit 1 room 301: …010301): worked out when left empty, and it must match when given.",
    ],
    [
      'An empty floor is worked out from a room number of 3 or 4 digits (301: floor 3) and may not be above the building’s floors. An empty 出租 (let) leaves the flag as it is (no for a new dwelling); it cannot be set to no while a rental is active. A row whose dwelling address code is already registered updates that dwelling, and changes nothing when it is the same.',
    ],
  ],
  organisation: [
    ['填写网格编码，或经度和纬度（按位置确定网格；同时填写网格编码时，位置须在该网格内）。重点场所类型留空表示不是重点场所。'],
    ['同一统一社会信用代码再次导入时更新原单位，内容相同则不作改动；电话加密保存，列表中脱敏显示。'],
    [
      'Give the grid code, or the longitude and latitude (the point gives the grid; a grid also given must hold it). Leave the key place kind empty for an organisation that is no key place.',
    ],
    [
      'A row whose credit code is already registered updates that organisation, and changes nothing when it is the same; phones are stored encrypted and listed masked.',
    ],
  ],
};

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
    ['说明：第 1 行为列名，第 2 行（隐藏）为英文键，请从第 3 行起填写；日期格式 YYYY-MM-DD；证件号码、编码、电话请按文本填写。'],
    ['Notes: row 1 holds the titles, row 2 (hidden) the keys; fill in from row 3. Dates YYYY-MM-DD; enter ID numbers, codes and phones as text.'],
    ...registryNotes[registry],
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
