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
