// 公民身份号码 (citizen identity number), GB 11643-1999: a 6-digit address code (GB/T 2260),
// an 8-digit birth date, a 3-digit sequence whose last digit is odd for men, and a check character
// (ISO 7064 MOD 11-2). validator.js's zh-CN isIdentityCard answers only yes or no, and takes "today"
// from the server's clock in its local zone, so the checks are done here one by one, in the order a
// person correcting the number would want to hear about them; the tests hold validator.js to the same answers.
import { isIsoDate, todayIn } from './dates.js';

export type IdNumberProblem = 'format' | 'region' | 'birthDate' | 'checkDigit';

export interface IdNumberInfo {
  /** 18 characters, check character X in upper case. */
  value: string;
  /** The 6-digit address code (the registering county at the time of issue, not the present address). */
  regionCode: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex: 'male' | 'female';
}

export type IdNumberResult = { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem };

/**
 * Province-level divisions of GB/T 2260, plus 83: 港澳台居民居住证 carry a 公民身份号码 whose address
 * code is 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan). validator.js knows 81 and 82 but not
 * 83, and accepts 91 ("abroad"), which is no province: the foreigner's permanent residence card
 * (外国人永久居留身份证, 2023) starts with 9 followed by the issuing province, and is a document of
 * its own, not a 公民身份号码.
 */
// biome-ignore format: one row per region of the code table (North, North-East, East, Central-South, South-West, North-West, outside)
const PROVINCES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** No one alive was born earlier; an earlier year is a typing slip, not a centenarian. */
const EARLIEST_BIRTH = '1880-01-01';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** ISO 7064 MOD 11-2 over the first 17 digits: weight 2^(17−i) mod 11, check = (12 − Σ mod 11) mod 11, 10 written X. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

/** Reads a 公民身份号码, saying which rule it breaks. `today` (YYYY-MM-DD) defaults to today in Beijing. */
export function parseIdNumber(input: string, today: string = todayIn()): IdNumberResult {
  if (!isIsoDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got ${today}`);
  const value = input.trim().toUpperCase();
  // 15-digit numbers (issued before 1999) were all replaced; one arriving now is a record to correct.
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  if (!PROVINCES.has(value.slice(0, 2))) return { ok: false, problem: 'region' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate < EARLIEST_BIRTH || birthDate > today) return { ok: false, problem: 'birthDate' };
  if (checkCharacter(value) !== value[17]) return { ok: false, problem: 'checkDigit' };
  return {
    ok: true,
    info: { value, regionCode: value.slice(0, 6), birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female' },
  };
}

/**
 * 3704**********1234: the first four (province and city) and the last four, for lists and logs.
 * Whatever arrives, at most half of it shows and never more than four characters at each end,
 * so a short or mangled value cannot leak whole.
 */
export function maskIdNumber(value: string): string {
  const chars = Array.from(value.trim());
  const shown = Math.min(4, Math.floor(chars.length / 4));
  const end = chars.length - shown;
  return chars.map((c, i) => (i < shown || i >= end ? c : '*')).join('');
}
