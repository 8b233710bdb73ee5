import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, configTable, loadConfig, settings } from '../config.js';
import { FieldCipher, keyFingerprint } from './crypto.js';
import { passwordProblem } from './password.js';

describe('config', () => {
  it('works on a bare machine with no settings', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, demo: true, databaseUrl: undefined, sessionIdleMinutes: 120, loginMaxFailures: 5 });
    expect(c.dataDir.endsWith('/var')).toBe(true);
  });

  it('lists every bad setting at once, without echoing secret values', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', WANGGE_FIELD_KEY: 'short-secret-value', WANGGE_DEMO: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const e = err as ConfigError;
      expect(e.problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'DATABASE_URL', 'WANGGE_DEMO', 'WANGGE_FIELD_KEY']);
      expect(e.message).not.toContain('short-secret-value');
    }
  });

  it('documents every setting in the README table', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const s of settings) expect(readme, s.env).toContain(`\`${s.env}\``);
    expect(configTable().split('\n')).toHaveLength(settings.length + 2);
  });
});

describe('field encryption', () => {
  it('round-trips, uses a fresh IV each time, and detects tampering', () => {
    const cipher = new FieldCipher(randomBytes(32));
    const a = cipher.encrypt('13800000001');
    const b = cipher.encrypt('13800000001');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe('13800000001');
    const parts = a.split('.');
    parts[4] = Buffer.from('13800000002').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
    expect(() => new FieldCipher(randomBytes(32)).decrypt(a)).toThrow();
  });

  it('keeps reading values sealed under a previous key, and searches by the hashes of every key in the ring', () => {
    const oldKey = randomBytes(32);
    const before = new FieldCipher(oldKey);
    const sealed = before.encrypt('370402199001011234');
    const oldHash = before.blindIndex('idNumber', '370402199001011234');
    const rotated = new FieldCipher(randomBytes(32), [oldKey]);
    expect(rotated.decrypt(sealed)).toBe('370402199001011234');
    expect(rotated.isCurrent(sealed)).toBe(false);
    expect(rotated.isCurrent(rotated.encrypt('x'))).toBe(true);
    expect(rotated.blindIndex('idNumber', '370402199001011234')).not.toBe(oldHash);
    expect(rotated.blindIndexes('idNumber', '370402199001011234')).toContain(oldHash);
    expect(rotated.fingerprints).toHaveLength(2);
    // Without the old key in the ring the old value is unreadable, not silently wrong.
    expect(() => new FieldCipher(randomBytes(32)).decrypt(sealed)).toThrow();
  });

  it('reads the older sealed form without a key id', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([c.update('13800000001', 'utf8'), c.final()]);
    const v1 = ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    expect(new FieldCipher(randomBytes(32), [key]).decrypt(v1)).toBe('13800000001');
  });

  it('namespaces blind indexes by kind and never equals the plain value', () => {
    const cipher = new FieldCipher(randomBytes(32));
    const a = cipher.blindIndex('phone', '13800000001');
    expect(a).toBe(cipher.blindIndex('phone', '13800000001'));
    expect(a).not.toBe(cipher.blindIndex('idNumber', '13800000001'));
    expect(a).not.toContain('13800000001');
  });

  it('fingerprints keys without revealing them', () => {
    const key = randomBytes(32);
    expect(keyFingerprint(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyFingerprint(key)).not.toBe(keyFingerprint(randomBytes(32)));
  });
});

describe('password policy', () => {
  it.each([
    ['short1!', 'at least 10'],
    ['aaaaaaaaaaaa', 'two of'],
    ['zhangwei-2026', 'username'],
  ])('refuses %s', (pw, why) => {
    expect(passwordProblem(pw, 'zhangwei')?.en).toContain(why);
  });
  it('accepts the demo password and a mixed one', () => {
    expect(passwordProblem('wangge-demo', 'admin')).toBeUndefined();
    expect(passwordProblem('Correct-Horse-9', 'admin')).toBeUndefined();
  });
});

describe('error logging', () => {
  it('keeps query parameters (possible personal data) out of the log', async () => {
    const { DrizzleQueryError } = await import('drizzle-orm/errors');
    const { loggableError } = await import('./loggable-error.js');
    const err = new DrizzleQueryError('select * from app_user where phone = $1', ['13800000001'], new Error('boom'));
    const logged = JSON.stringify(loggableError(err));
    expect(logged).toContain('select * from app_user');
    expect(logged).toContain('boom');
    expect(logged).not.toContain('13800000001');
  });
});
