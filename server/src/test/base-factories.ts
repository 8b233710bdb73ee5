// Factories for the base-information API tests: valid ID numbers and persons registered through the API.
import type { TestApp } from './harness.js';

/** A valid 18-character ID number from 17 digits: ISO 7064 MOD 11-2 (GB 11643). */
export function withCheck(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0);
  return body17 + '10X98765432'[sum % 11];
}

/** 铁西居委会's grid, held by the demo `worker`, `instructor` and `leader`. */
export const WORKER_GRID = '3704020010131001';
/** A grid of another community of 中心街街道: the town centre's, not the demo grid staff's. */
export const OTHER_GRID = '3704020010161001';

/** Registers a person through the API and returns their id (throws on anything but 201). */
export async function registerPerson(t: TestApp, as: string, over: { name: string; idNumber: string; gridCode?: string; phone?: string | null }) {
  const res = await t.request({
    method: 'POST',
    url: '/api/persons',
    as,
    payload: { idKind: 'idCard', residency: 'registered', gridCode: WORKER_GRID, ...over },
  });
  if (res.statusCode !== 201) throw new Error(`register ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

// 统一社会信用代码 (GB 32100) built here with check characters computed from the published weight
// tables, independently of lib/credit-code.ts.
export const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100's table of weights for positions 1–17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function check(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + CHARSET.indexOf(c) * (WEIGHTS[i] as number), 0);
  return CHARSET[(31 - (sum % 31)) % 31] as string;
}

/** GB 11714's check character of an 8-character organisation code body. */
export function orgCheck(body: string): string {
  const values = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const sum = [...body].reduce((s, c, i) => s + values.indexOf(c) * ([3, 7, 9, 10, 5, 8, 4, 2][i] as number), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** A code from its parts, with a correct organisation check character unless one is given. */
export function creditCode(prefix: string, region: string, orgBody: string, orgCheckCharacter = orgCheck(orgBody)): string {
  const first17 = `${prefix}${region}${orgBody}${orgCheckCharacter}`;
  return first17 + check(first17);
}
