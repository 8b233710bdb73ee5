import validator from 'validator';
import { describe, expect, it } from 'vitest';
import { maskPhone, parsePhone } from './phone.js';

describe('parsePhone: mobiles', () => {
  it.each([
    ['13812345678'],
    ['138 1234 5678'],
    ['138-1234-5678'],
    [' 13812345678 '],
    ['+8613812345678'],
    ['+86 138 1234 5678'],
    ['+86-138-1234-5678'],
    ['008613812345678'],
    ['8613812345678'],
    ['86 138 1234 5678'],
    ['138\u30001234\u30005678'],
  ])('reads %s as 13812345678', (input) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: '13812345678', kind: 'mobile' });
  });

  it('takes the prefixes validator.js knows for mainland mobiles', () => {
    for (const prefix of ['130', '145', '150', '166', '177', '188', '191', '199']) {
      const n = `${prefix}00001111`;
      expect(validator.isMobilePhone(n, 'zh-CN'), n).toBe(true);
      expect(parsePhone(n), n).toEqual({ ok: true, value: n, kind: 'mobile' });
    }
  });

  it.each([
    ['1381234567', '10 digits'],
    ['138123456789', '12 digits'],
    ['12812345678', 'no network starts 12'],
    ['11812345678', 'no network starts 11'],
    ['+87 13812345678', 'another country'],
    ['+8513812345678', 'another country'],
    ['1381234567a', 'a letter'],
    ['138.1234.5678', 'dots'],
    ['013812345678', 'a trunk 0 before a mobile'],
    ['', 'empty'],
  ])('refuses %s (%s)', (input) => {
    expect(parsePhone(input)).toEqual({ ok: false });
  });
});

describe('parsePhone: landlines', () => {
  it.each([
    ['0632-3312345', '0632-3312345'],
    ['06323312345', '0632-3312345'],
    ['0632 3312345', '0632-3312345'],
    ['(0632) 3312345', '0632-3312345'],
    ['063-23312345', '0632-3312345'],
    ['+86 632 3312345', '0632-3312345'],
    ['+86 0632 3312345', '0632-3312345'],
    ['0086-632-3312345', '0632-3312345'],
    ['0632-33123456', '0632-33123456'],
    ['010-62345678', '010-62345678'],
    ['01062345678', '010-62345678'],
    ['+86 10 6234 5678', '010-62345678'],
    ['021-5123456', '021-5123456'],
    ['02151234567', '021-51234567'],
    ['0755-81234567', '0755-81234567'],
  ])('reads %s as %s', (input, value) => {
    expect(parsePhone(input)).toEqual({ ok: true, value, kind: 'landline' });
  });

  it.each([
    ['3312345', 'no area code'],
    ['632-3312345', 'no trunk 0'],
    ['0632-331234', 'a 6-digit local number'],
    ['0632-331234567', 'a 9-digit local number'],
    ['0632-0312345', 'a local number starting 0'],
    ['0632-1312345', 'a local number starting 1'],
    ['011-62345678', 'no 3-digit area code 011'],
    ['0012-3312345', 'area codes do not start 00'],
    ['0632-3312345-801', 'an extension'],
    ['86 632 3312345', 'a bare 86 is a country code only before a mobile'],
  ])('refuses %s (%s)', (input) => {
    expect(parsePhone(input)).toEqual({ ok: false });
  });
});

describe('maskPhone', () => {
  it('keeps a mobile network prefix and last four, whatever the way it was written', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('138****5678');
  });

  it('keeps a landline area code and hides the first four digits of the local number', () => {
    expect(maskPhone('0632-3312345')).toBe('0632-****345');
    expect(maskPhone('06323312345')).toBe('0632-****345');
    expect(maskPhone('010-62345678')).toBe('010-****5678');
  });

  it('hides at least four digits of anything else, and never throws', () => {
    expect(maskPhone('6321234')).toBe('*****34');
    expect(maskPhone('123456')).toBe('****56');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('')).toBe('');
    expect(maskPhone('1234567890123456')).toBe('123****3456');
    for (const input of ['13812345678', '0632-3312345', '010-62345678', '6321234', '1234567890123456', '+44 20 7946 0958', '1234', '1']) {
      const masked = maskPhone(input);
      expect(masked.match(/\*/g)?.length ?? 0, input).toBeGreaterThanOrEqual(Math.min(4, input.length));
      const middle = input.replace(/\D/g, '').slice(3, 7);
      if (middle.length === 4) expect(masked, input).not.toContain(middle);
    }
  });
});
