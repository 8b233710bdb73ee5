// 公民身份号码: every rule, in order, on numbers whose check characters are computed here from the
// ISO 7064 definition (independently of the table in id-number.ts), and held against validator.js.
import validator from 'validator';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, parseIdNumber } from './id-number.js';

const TODAY = '2026-03-01';

/** ISO 7064 MOD 11-2 from its definition: weight 2^(17−i) mod 11, and the whole sum ≡ 1 (mod 11). */
function check(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

/** A well-formed number: region, YYYYMMDD, sequence (3 digits), check character computed. */
function idNumber(region: string, birth: string, sequence = '123'): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + check(first17);
}

/** The same number with its check character replaced by a wrong one. */
function wrongCheck(id: string): string {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
}

describe('parseIdNumber', () => {
  it("reads the standard's own examples (GB 11643-1999, annex)", () => {
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      info: { value: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    });
    expect(parseIdNumber('440524188001010014', TODAY)).toEqual({
      ok: true,
      info: { value: '440524188001010014', regionCode: '440524', birthDate: '1880-01-01', sex: 'male' },
    });
  });

  it('takes a lower-case x and surrounding white space, and gives the number back clean', () => {
    const r = parseIdNumber(' \t11010519491231002x\n', TODAY);
    expect(r).toMatchObject({ ok: true, info: { value: '11010519491231002X' } });
  });

  it('reads the sex from the 17th digit: odd for men, even for women', () => {
    for (const d of '0123456789') {
      const r = parseIdNumber(idNumber('370402', '19800101', `12${d}`), TODAY);
      expect(r).toMatchObject({ ok: true, info: { sex: Number(d) % 2 ? 'male' : 'female' } });
    }
  });

  it('finds a check character for every remainder, X included', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) {
      const id = idNumber('370402', '19800101', String(n).padStart(3, '0'));
      seen.add(id[17] as string);
      expect(parseIdNumber(id, TODAY).ok, id).toBe(true);
    }
    expect([...seen].sort().join('')).toBe('0123456789X');
  });

  it.each([
    ['', 'empty'],
    ['370402198001011', '15 digits (the legacy form)'],
    ['370402800101123', '15 digits (the legacy form)'],
    ['3704021980010112', '16 digits'],
    ['37040219800101123', '17 digits'],
    ['3704021980010112345', '19 digits'],
    ['37040219800101123Y', 'a letter other than X'],
    ['X70402198001011234', 'X anywhere but last'],
    ['3704 0219800101123X', 'space inside'],
    ['370402-19800101-123X', 'dashes'],
    ['３７０４０２１９８００１０１１２３４', 'full-width digits'],
  ])('refuses %s as format (%s)', (input) => {
    expect(parseIdNumber(input, TODAY)).toEqual({ ok: false, problem: 'format' });
  });

  it.each(['00', '10', '16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '72', '80', '84', '90', '91', '99'])(
    'refuses province code %s as region',
    (province) => {
      expect(parseIdNumber(idNumber(`${province}0102`, '19800101'), TODAY)).toEqual({ ok: false, problem: 'region' });
    },
  );

  it('accepts every province, Taiwan, Hong Kong, Macao and the residence permits (830000)', () => {
    const provinces = '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(' ');
    for (const p of provinces) expect(parseIdNumber(idNumber(`${p}0000`, '19800101'), TODAY).ok, p).toBe(true);
  });

  describe('birth date', () => {
    const born = (yyyymmdd: string) => parseIdNumber(idNumber('370402', yyyymmdd), TODAY);

    it('takes 29 February in a leap year and refuses it otherwise', () => {
      expect(born('20000229')).toMatchObject({ ok: true, info: { birthDate: '2000-02-29' } });
      expect(born('19960229')).toMatchObject({ ok: true, info: { birthDate: '1996-02-29' } });
      expect(born('19000229')).toEqual({ ok: false, problem: 'birthDate' });
      expect(born('19970229')).toEqual({ ok: false, problem: 'birthDate' });
    });

    it.each(['19800230', '19800431', '19801301', '19800001', '19800100', '19809999'])('refuses %s, which is no date', (d) => {
      expect(born(d)).toEqual({ ok: false, problem: 'birthDate' });
    });

    it('takes a child born today and refuses one born tomorrow', () => {
      expect(born('20260301')).toMatchObject({ ok: true, info: { birthDate: '2026-03-01' } });
      expect(born('20260302')).toEqual({ ok: false, problem: 'birthDate' });
      expect(born('20270101')).toEqual({ ok: false, problem: 'birthDate' });
    });

    it('measures "today" by the date given, leap day included', () => {
      const id = idNumber('370402', '20240229');
      expect(parseIdNumber(id, '2024-02-28')).toEqual({ ok: false, problem: 'birthDate' });
      expect(parseIdNumber(id, '2024-02-29').ok).toBe(true);
    });

    it('refuses a birth before 1880', () => {
      expect(born('18800101').ok).toBe(true);
      expect(born('18791231')).toEqual({ ok: false, problem: 'birthDate' });
      expect(born('10000101')).toEqual({ ok: false, problem: 'birthDate' });
    });

    it('defaults "today" to the present', () => {
      expect(parseIdNumber(idNumber('370402', '19800101')).ok).toBe(true);
      expect(parseIdNumber(idNumber('370402', '29991231'))).toEqual({ ok: false, problem: 'birthDate' });
    });

    it('refuses a malformed "today" rather than comparing against it', () => {
      expect(() => parseIdNumber('11010519491231002X', '2026-3-1')).toThrow(RangeError);
    });
  });

  it('refuses a wrong check character, and a single changed digit', () => {
    const id = idNumber('370402', '19800101');
    expect(parseIdNumber(wrongCheck(id), TODAY)).toEqual({ ok: false, problem: 'checkDigit' });
    expect(parseIdNumber('110105194912310021', TODAY)).toEqual({ ok: false, problem: 'checkDigit' });
    // Every change of one sequence digit, and a swap of two unequal neighbours, is caught.
    for (const d of '0123456789') {
      const changed = `${id.slice(0, 16)}${d}${id[17]}`;
      if (changed !== id) expect(parseIdNumber(changed, TODAY), changed).toEqual({ ok: false, problem: 'checkDigit' });
    }
    const swapped = `${id.slice(0, 14)}${id[15]}${id[14]}${id.slice(16)}`;
    expect(parseIdNumber(swapped, TODAY)).toEqual({ ok: false, problem: 'checkDigit' });
  });

  it('reports the first rule broken: format, then region, then birth date, then check character', () => {
    expect(parseIdNumber(wrongCheck(idNumber('990102', '19800230')).slice(0, 15), TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(parseIdNumber(wrongCheck(idNumber('990102', '19800230')), TODAY)).toEqual({ ok: false, problem: 'region' });
    expect(parseIdNumber(wrongCheck(idNumber('370402', '19800230')), TODAY)).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber(wrongCheck(idNumber('370402', '19800228')), TODAY)).toEqual({ ok: false, problem: 'checkDigit' });
  });
});

describe('parseIdNumber and validator.js', () => {
  // Both answer on 18-character numbers born between 1880 and well before today (validator.js reads
  // "today" from the machine's own clock and zone, so dates near today are not compared).
  const agreed = [
    '11010519491231002X',
    '440524188001010014',
    idNumber('370402', '20000229'),
    idNumber('650102', '19990101', '998'),
    idNumber('810000', '19700615'),
    idNumber('820000', '19700615'),
    wrongCheck(idNumber('370402', '19800101')),
    idNumber('370402', '19970229'),
    idNumber('370402', '19801301'),
    idNumber('100102', '19800101'),
    idNumber('990102', '19800101'),
    '37040219800101123Y',
    '3704021980010112',
  ];
  it.each(agreed)('agrees on %s', (id) => {
    expect(parseIdNumber(id, TODAY).ok).toBe(validator.isIdentityCard(id, 'zh-CN'));
  });

  it('differs where this module is deliberately stricter or wider, and only there', () => {
    // Legacy 15-digit numbers, 91 ("abroad") and births before 1880: validator.js accepts, we refuse.
    for (const id of ['370402800101123', idNumber('910102', '19800101'), idNumber('370402', '18500101')]) {
      expect(validator.isIdentityCard(id, 'zh-CN'), id).toBe(true);
      expect(parseIdNumber(id, TODAY).ok, id).toBe(false);
    }
    // Residence permits of Taiwan residents (830000): we accept, validator.js does not know 83.
    const taiwan = idNumber('830000', '19800101');
    expect(validator.isIdentityCard(taiwan, 'zh-CN')).toBe(false);
    expect(parseIdNumber(taiwan, TODAY).ok).toBe(true);
  });
});

describe('maskIdNumber', () => {
  it('shows the first four and the last four', () => {
    expect(maskIdNumber('370402198001011234')).toBe('3704**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('never shows more than half, nor more than four at each end, and never throws', () => {
    const cases = [
      '',
      'X',
      '12',
      '1234',
      '12345678',
      '123456789012',
      '370402800101123',
      '3704021980010112345',
      '  370402198001011234  ',
      '张三丰',
      '𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇',
    ];
    for (const input of cases) {
      const masked = maskIdNumber(input);
      const chars = Array.from(masked);
      const shown = chars.filter((c) => c !== '*').length;
      expect(shown, input).toBeLessThanOrEqual(Math.min(8, Math.floor(chars.length / 2)));
      expect(masked.slice(4, -4), input).not.toMatch(/[^*]/);
    }
    expect(maskIdNumber('12345678')).toBe('12****78');
    expect(maskIdNumber('370402800101123')).toBe('370*********123');
    expect(maskIdNumber('12')).toBe('**');
    expect(maskIdNumber('')).toBe('');
  });
});
