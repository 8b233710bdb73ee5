// 统一社会信用代码: published codes, codes built (test/base-factories.ts) with check characters computed from the
// published weight tables (independently of credit-code.ts), and mutations of both.
import { describe, expect, it } from 'vitest';
import { CHARSET, check, creditCode, orgCheck } from '../test/base-factories.js';
import { parseCreditCode } from './credit-code.js';

const PUBLISHED = [
  // The example most guides cite (an enterprise registered in Fuzhou).
  ['91350100M000100Y43', '9', '1', '350100'],
  // python-stdnum's example (an enterprise registered in Beijing).
  ['91110000600037341L', '9', '1', '110000'],
  // A public institution (事业单位) in Foshan, from a bug report against a validator (xbeginagain/generator#2).
  ['12440600MB2C07549J', '1', '2', '440600'],
] as const;

describe('parseCreditCode', () => {
  it.each(PUBLISHED)('reads the published code %s', (code, registrationAuthority, category, regionCode) => {
    expect(parseCreditCode(code)).toEqual({ ok: true, info: { value: code, registrationAuthority, category, regionCode } });
  });

  it('agrees with the check characters computed from the weight tables', () => {
    for (const [code] of PUBLISHED) {
      expect(check(code.slice(0, 17))).toBe(code[17]);
      expect(orgCheck(code.slice(8, 16))).toBe(code[16]);
    }
  });

  it('takes lower case and surrounding white space, and gives the code back clean', () => {
    expect(parseCreditCode('  91350100m000100y43\t')).toMatchObject({ ok: true, info: { value: '91350100M000100Y43' } });
  });

  it('reads codes of every check character and of other authorities', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 400; n++) {
      const code = creditCode(n % 2 ? 'Y1' : '51', '370402', `MA${String(n).padStart(6, '0')}`);
      seen.add(code[17] as string);
      expect(parseCreditCode(code).ok, code).toBe(true);
    }
    expect([...seen].sort().join('')).toBe([...CHARSET].sort().join(''));
  });

  it.each([
    ['', 'empty'],
    ['91350100M000100Y4', '17 characters'],
    ['91350100M000100Y433', '19 characters'],
    ['91350100I000100Y43', 'I'],
    ['91350100O000100Y43', 'O'],
    ['91350100Z000100Y43', 'Z'],
    ['91350100S000100Y43', 'S'],
    ['91350100V000100Y43', 'V'],
    ['913501A0M000100Y43', 'a letter in the region code'],
    ['91350100M000100Y4-', 'punctuation'],
    ['9135 0100M000100Y43', 'a space inside'],
    ['91350100M000100Y4３', 'a full-width digit'],
  ])('refuses %s as format (%s)', (input) => {
    expect(parseCreditCode(input)).toEqual({ ok: false, problem: 'format' });
  });

  it('refuses every single changed character and every swap of unequal neighbours', () => {
    for (const [code] of PUBLISHED) {
      for (let i = 0; i < 18; i++) {
        for (const c of CHARSET) {
          if (c === code[i]) continue;
          const changed = code.slice(0, i) + c + code.slice(i + 1);
          const r = parseCreditCode(changed);
          expect(r.ok, changed).toBe(false);
          if (i < 2 || i >= 8 || /\d/.test(c)) expect(r, changed).toEqual({ ok: false, problem: 'checkDigit' });
        }
        if (i < 17 && code[i] !== code[i + 1]) {
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          expect(parseCreditCode(swapped).ok, swapped).toBe(false);
        }
      }
    }
  });

  it('refuses a code in use whose own check character fails (reported from Xiamen, hutool#4119)', () => {
    expect(parseCreditCode('91350203M0001QKT19')).toEqual({ ok: false, problem: 'checkDigit' });
  });

  describe('the organisation code inside', () => {
    const body = 'L2345678';
    const wrongOrgCheck = orgCheck(body) === '0' ? '1' : '0';

    it('is checked (GB 11714) for enterprises and other organisations', () => {
      for (const prefix of ['91', '93', '11', '12', '51', '52', 'Y1']) {
        expect(parseCreditCode(creditCode(prefix, '370402', body)).ok, prefix).toBe(true);
        expect(parseCreditCode(creditCode(prefix, '370402', body, wrongOrgCheck)), prefix).toEqual({ ok: false, problem: 'orgCodeCheckDigit' });
      }
    });

    it('is not checked for individual businesses (92), whose subject identifiers need not follow GB 11714', () => {
      expect(parseCreditCode(creditCode('92', '370402', body)).ok).toBe(true);
      expect(parseCreditCode(creditCode('92', '370402', body, wrongOrgCheck))).toMatchObject({
        ok: true,
        info: { registrationAuthority: '9', category: '2', regionCode: '370402' },
      });
      // A letter where GB 11714 allows only a digit or X as its check character.
      expect(parseCreditCode(creditCode('92', '370402', body, 'K')).ok).toBe(true);
      expect(parseCreditCode(creditCode('91', '370402', body, 'K'))).toEqual({ ok: false, problem: 'orgCodeCheckDigit' });
    });

    it("comes after the code's own check character", () => {
      const code = creditCode('91', '370402', body, wrongOrgCheck);
      const bad = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      expect(parseCreditCode(bad)).toEqual({ ok: false, problem: 'checkDigit' });
    });
  });
});
