// 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from 0–9 and the
// capitals without I, O, Z, S, V: the registration authority (1), the category within it (1), the
// registering authority's region code (6 digits, GB/T 2260), the subject identifier, which is the
// organisation code of GB 11714 (8 characters and its own check character), and a check character
// over the first 17 (GB/T 17710, ISO 7064 MOD 31-3 shaped: weights 3^i mod 31).
//
// The embedded organisation code's check character. GB 32100 defines the subject identifier as the
// organisation code coded by GB 11714, check character included, so it is checked, with one exception:
// individual businesses (个体工商户: registration authority 9, category 2). They were not organisations
// in GB 11714's sense and as a rule held no organisation code; they came into one-licence-one-code in
// 2016, their subject identifiers allotted by the registration authorities, and codes printed on real
// licences are reported not to satisfy GB 11714. Refusing a code printed on a licence helps no one,
// and the code's own check character still catches a mistyped one (mod 31 with weights 3^i catches
// every single changed character and every swap of neighbours), so for 92… codes the organisation
// code's check is skipped.
//
// A code whose own check character fails is refused whatever its history: some issued in Xiamen
// before 2016 are reported to (e.g. 91350203M0001QKT19, hutool issue #4119), but such a code cannot be
// told from a typing slip, and whoever holds it can have the record corrected.

export type CreditCodeProblem = 'format' | 'checkDigit' | 'orgCodeCheckDigit';

export interface CreditCodeInfo {
  value: string;
  /** 登记管理部门代码, e.g. 1 机构编制, 5 民政, 9 工商 (market regulation), Y others. */
  registrationAuthority: string;
  /** 机构类别代码, read with the authority: 91 enterprise, 92 individual business, 93 farmers' cooperative… */
  category: string;
  /** The registering authority's region (GB/T 2260), not necessarily where the organisation is now. */
  regionCode: string;
}

export type CreditCodeResult = { ok: true; info: CreditCodeInfo } | { ok: false; problem: CreditCodeProblem };

/** The code's character set; a character's value is its index. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const FORMAT = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;

/** Weight of position i (0-based) is 3^i mod 31; the check makes Σ value × weight ≡ 0 (mod 31). */
function checkCharacter(code: string): string {
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i++) {
    sum += CHARSET.indexOf(code[i] as string) * weight;
    weight = (weight * 3) % 31;
  }
  return CHARSET[(31 - (sum % 31)) % 31] as string;
}

/** GB 11714: letters count A=10 … Z=35 over the full alphabet; weights 3 7 9 10 5 8 4 2; check 11 − Σ mod 11, 10 written X, 11 written 0. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCodeCheckCharacter(orgCode: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(orgCode[i] as string, 36) * (ORG_WEIGHTS[i] as number);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : String(c % 11);
}

/** Reads a 统一社会信用代码 (trimmed, any case), saying which rule it breaks. */
export function parseCreditCode(input: string): CreditCodeResult {
  const value = input.trim().toUpperCase();
  if (!FORMAT.test(value)) return { ok: false, problem: 'format' };
  if (checkCharacter(value) !== value[17]) return { ok: false, problem: 'checkDigit' };
  const individualBusiness = value.startsWith('92');
  if (!individualBusiness && orgCodeCheckCharacter(value.slice(8, 16)) !== value[16]) return { ok: false, problem: 'orgCodeCheckDigit' };
  return { ok: true, info: { value, registrationAuthority: value.slice(0, 1), category: value.slice(1, 2), regionCode: value.slice(2, 8) } };
}
