// Mainland telephone numbers as people write them on forms and in spreadsheets ("+86 138 1234 5678",
// "0632-3312345", "(0632) 3312345"), read into one stored form: 11 digits for a mobile, "area-number"
// for a landline, so that the same number typed two ways is one number.
import validator from 'validator';

export type PhoneResult = { ok: true; value: string; kind: 'mobile' | 'landline' } | { ok: false };

/** Spacing people put in, full-width space included; the parentheses of "(0632) 3312345". */
const SPACING = /[\s\-()]/g;

/**
 * Area code and local number. Only Beijing (010) and the 02x cities have 3-digit area codes; all
 * others have 4, so a number typed without a dash still splits one way only. Local numbers are 7 or
 * 8 digits and never start with 0 or 1 (the trunk and service prefixes).
 */
const LANDLINE = /^(0(?:10|2\d)|0[3-9]\d{2})([2-9]\d{6,7})$/;

export function parsePhone(input: string): PhoneResult {
  const compact = input.replace(SPACING, '');
  const international = /^(?:\+|00)86/.exec(compact);
  // A bare leading 86 is taken as the country code only before a mobile's 11 digits: 86… could be a local number.
  const national = international ? compact.slice(international[0].length) : /^861\d{10}$/.test(compact) ? compact.slice(2) : compact;
  if (/^\d{11}$/.test(national) && validator.isMobilePhone(national, 'zh-CN')) return { ok: true, value: national, kind: 'mobile' };
  // Dialled from abroad a landline loses its trunk 0: +86 632 3312345 is 0632-3312345.
  const landline = LANDLINE.exec(international && !national.startsWith('0') ? `0${national}` : national);
  if (landline) return { ok: true, value: `${landline[1]}-${landline[2]}`, kind: 'landline' };
  return { ok: false };
}

/**
 * For lists and logs. A mobile keeps its network prefix and last four (138****5678), a landline its
 * area code and the digits after the first four of the local number (0632-****345): four digits
 * hidden either way. Anything else keeps its last two characters when at least four stay hidden, or,
 * at 11 characters or more, its first three and last four with four stars (which also hide its length).
 */
export function maskPhone(phone: string): string {
  const parsed = parsePhone(phone);
  if (parsed.ok && parsed.kind === 'mobile') return `${parsed.value.slice(0, 3)}****${parsed.value.slice(-4)}`;
  if (parsed.ok) {
    const [area, local] = parsed.value.split('-') as [string, string];
    return `${area}-****${local.slice(4)}`;
  }
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length >= 6) return `${'*'.repeat(phone.length - 2)}${phone.slice(-2)}`;
  return '*'.repeat(phone.length);
}
