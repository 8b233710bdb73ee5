// A matter's attributes: the extra questions a report under it answers (Open311 GeoReport v2's service
// definition: "severity", "which facility", …). Defined per matter in a draft of the list, frozen with
// it when published; the answers a report gives are checked here and kept with its case, each with the
// question as it was asked (the matter may be reclassified later, or its list superseded).
import { errors } from '../../lib/errors.js';

export const attributeDatatypes = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof attributeDatatypes)[number];

export const ATTRIBUTE_CODE_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,39}$';
export const MAX_ATTRIBUTES = 30;
export const MAX_VALUES = 50;

export interface AttributeValue {
  key: string;
  name: string;
}

/** One attribute of a matter, in the order the matter lists them. */
export interface MatterAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  /** The question, as the reporter sees it (Chinese is fine). */
  description: string;
  /** A hint on the expected answer (GeoReport v2's datatype_description). */
  datatypeDescription?: string;
  /** The choices: exactly for singlevaluelist and multivaluelist. */
  values?: AttributeValue[];
}

/** An answer kept with a case: the question as asked, the value given, and the names of the keys chosen. */
export interface CaseAttribute {
  code: string;
  datatype: AttributeDatatype;
  description: string;
  /** Text for every datatype but multivaluelist, whose keys are a list. */
  value: string | string[];
  /** For the two list datatypes, the names of the keys given, in the same order; empty otherwise. */
  valueNames: string[];
}

export const isListType = (d: AttributeDatatype) => d === 'singlevaluelist' || d === 'multivaluelist';

/**
 * The checks a schema cannot make (the route's schema has made the rest: the code's pattern, the
 * datatype, lengths): unique codes, values exactly for the list types, unique keys. Returns the list
 * cleaned (text trimmed, an empty hint dropped); `field` is where the list sits in the request.
 */
export function checkAttributeDefinitions(list: readonly MatterAttribute[], field = 'body.attributes'): MatterAttribute[] {
  const seen = new Set<string>();
  return list.map((a, i) => {
    const at = `${field}.${i}`;
    if (seen.has(a.code)) {
      throw errors.validation(`${at}.code`, `Another attribute of this matter has the code ${a.code}.`, `该事项已有编码为 ${a.code} 的属性。`);
    }
    seen.add(a.code);
    const description = a.description.trim();
    if (!description) throw errors.validation(`${at}.description`, 'The description must not be blank.', '属性说明不能为空。');
    const hint = a.datatypeDescription?.trim();
    const base: MatterAttribute = { code: a.code, datatype: a.datatype, required: a.required, description, ...(hint ? { datatypeDescription: hint } : {}) };
    if (!isListType(a.datatype)) {
      if (a.values !== undefined) {
        throw errors.validation(
          `${at}.values`,
          `Only a singlevaluelist or multivaluelist attribute has values; ${a.code} is a ${a.datatype}.`,
          `只有单选列表（singlevaluelist）或多选列表（multivaluelist）属性才有可选值；${a.code} 的类型为 ${a.datatype}。`,
        );
      }
      return base;
    }
    if (!a.values || a.values.length === 0) {
      throw errors.validation(`${at}.values`, `A ${a.datatype} attribute needs at least one value to choose from.`, '列表类型的属性至少需要一个可选值。');
    }
    const keys = new Set<string>();
    const values = a.values.map((v, j) => {
      const key = v.key.trim();
      const name = v.name.trim();
      if (!key) throw errors.validation(`${at}.values.${j}.key`, 'The key must not be blank.', '可选值的键不能为空。');
      if (!name) throw errors.validation(`${at}.values.${j}.name`, 'The name must not be blank.', '可选值的名称不能为空。');
      if (keys.has(key)) throw errors.validation(`${at}.values.${j}.key`, `The key ${key} is given twice.`, `键 ${key} 重复。`);
      keys.add(key);
      return { key, name };
    });
    return { ...base, values };
  });
}

// ---- Answers --------------------------------------------------------------------------------------

/** The longest answer: a string is one line, a text may be a report's length. */
const MAX_LENGTH: Record<'string' | 'text', number> = { string: 200, text: 4000 };
const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
// W3C date-time (https://www.w3.org/TR/NOTE-datetime): a date, or a date and time with its zone.
const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2})))?$/;
// C0 controls and DEL; a text may hold tabs and line breaks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters refused are control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAK = /[\t\n\r]/;

export function isW3cDateTime(text: string): boolean {
  const m = W3C.exec(text);
  if (!m) return false;
  const [, y, mo, d, h = '00', mi = '00', s = '00', , , zh = '00', zm = '00'] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // 31 February rolls over into March: a date that does not exist is refused.
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return false;
  return Number(h) <= 23 && Number(mi) <= 59 && Number(s) <= 59 && Number(zh) <= 14 && Number(zm) <= 59;
}

/** What is wrong with one answer, in English and Chinese; `name` is how the caller's API names it. */
export interface AttributeProblem {
  code: string;
  en: string;
  zh: string;
}

/** An answer as it arrives: text, a number, or a list (a field repeated, or JSON's array). */
export type RawAnswer = unknown;

/**
 * Checks a report's answers against its matter's attributes: no unknown code, every required one
 * answered, each value of its datatype. An answer sent empty is as if not sent (GeoReport v2's rule).
 * `name` gives the answer's name in the caller's API (attribute[severity], attributes.severity);
 * `fail` makes the caller's error. Returns the answers to keep, in the matter's order.
 */
export function checkAnswers(
  defs: readonly MatterAttribute[],
  given: ReadonlyMap<string, RawAnswer>,
  name: (code: string) => string,
  fail: (p: AttributeProblem) => Error,
): CaseAttribute[] {
  const problem = (code: string, en: string, zh: string) => fail({ code, en: `${name(code)} ${en}`, zh: `${name(code)} ${zh}` });
  for (const code of given.keys()) {
    if (!defs.some((d) => d.code === code)) throw problem(code, 'is not an attribute of this service.', '不是该事项的属性。');
  }
  const kept: CaseAttribute[] = [];
  for (const def of defs) {
    const raw = given.get(def.code);
    const list = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).map((v) => {
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
      if (typeof v !== 'string') throw problem(def.code, 'must be text.', '须为文本。');
      return def.datatype === 'text' ? v : v.trim();
    });
    const answers = list.filter((v) => v.trim() !== '');
    if (answers.length === 0) {
      if (def.required) throw problem(def.code, `is required: ${def.description}`, `为必填项：${def.description}`);
      continue;
    }
    if (def.datatype !== 'multivaluelist' && answers.length > 1) throw problem(def.code, 'was given more than once.', '重复提交。');
    for (const v of answers) {
      if (CONTROL.test(v) || (def.datatype !== 'text' && LINE_BREAK.test(v))) {
        throw problem(def.code, 'holds control characters or line breaks.', '含有控制字符或换行符。');
      }
    }
    const [first = ''] = answers;
    switch (def.datatype) {
      case 'string':
      case 'text':
        if (first.length > MAX_LENGTH[def.datatype]) {
          throw problem(def.code, `is longer than ${MAX_LENGTH[def.datatype]} characters.`, `超过 ${MAX_LENGTH[def.datatype]} 字。`);
        }
        break;
      case 'number':
        if (!DECIMAL.test(first) || !Number.isFinite(Number(first))) throw problem(def.code, 'must be a decimal number.', '须为十进制数字。');
        break;
      case 'datetime':
        if (!isW3cDateTime(first)) {
          throw problem(def.code, 'must be a W3C date-time such as 2026-09-01T08:00:00+08:00.', '须为 W3C 日期时间格式，如 2026-09-01T08:00:00+08:00。');
        }
        break;
      case 'singlevaluelist':
      case 'multivaluelist': {
        const keys = (def.values ?? []).map((v) => v.key);
        const wrong = answers.find((v) => !keys.includes(v));
        if (wrong !== undefined) throw problem(def.code, `must be one of: ${keys.join(', ')}.`, `须为以下键之一：${keys.join('、')}。`);
        const chosen = [...new Set(answers)];
        const names = chosen.map((k) => def.values?.find((v) => v.key === k)?.name ?? k);
        kept.push({
          code: def.code,
          datatype: def.datatype,
          description: def.description,
          value: def.datatype === 'multivaluelist' ? chosen : first,
          valueNames: names,
        });
        continue;
      }
    }
    kept.push({ code: def.code, datatype: def.datatype, description: def.description, value: first, valueNames: [] });
  }
  return kept;
}
