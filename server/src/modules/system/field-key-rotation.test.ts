// Field-key rotation on a real installation (PGlite in a data folder, or PostgreSQL with
// TEST_DATABASE_URL): personal values sealed under key A, rotated to key B with A as a previous key;
// then with ONLY key B every value opens to the original, every exact search still finds its person,
// nothing in any table is left under A (sealed or hashed), and a second run changes nothing. Also: the
// list of sealed columns covers the whole schema, an interrupted rotation resumes, a wrong key is
// refused, and the data-folder flow (--new-key, --forget-previous).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli/main.js';
import { rotateFieldKey } from '../../cli/rotate-field-key.js';
import { loadConfig } from '../../config.js';
import type { AppContext } from '../../context.js';
import { queryRows } from '../../db/client.js';
import * as schema from '../../db/schema.js';
import { FieldCipher, keyFingerprint } from '../../lib/crypto.js';
import { todayIn } from '../../lib/dates.js';
import { withIdCheckCharacter } from '../../lib/id-number.js';
import { makeCase, COMMUNITY } from '../../test/case-factory.js';
import { type TestInstallation, testInstallation, withInstallation } from '../../test/installation.js';
import { tablesHolding } from '../../test/table-scan.js';
import { appUser } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { organisation, person, watchedFollowUp, watchedPerson } from '../base/base.tables.js';
import { checkPerson, type PersonInput } from '../base/person-input.js';
import { personColumns, searchWhere } from '../base/person.service.js';
import { normalisePersonal, sealPersonal } from '../base/personal-fields.js';
import { caseRecord } from '../cases/case.tables.js';
import { checkFieldKey, ensureAccounts, ensureTerritory } from './bootstrap.js';
import { sealedTables, tableName } from './field-key-rotation.js';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);
const KEY_C = 'c3'.repeat(32);
const GRID = '3704020010131001';
const idOf = (key: string) => `v2.${keyFingerprint(Buffer.from(key, 'hex')).slice(0, 8)}.`;

const PEOPLE: PersonInput[] = [
  {
    name: '张伟',
    idKind: 'idCard',
    idNumber: withIdCheckCharacter('37040219900307123'),
    phone: '13912340001',
    residency: 'registered',
    registeredAddress: '市中区光明路12号3单元301',
    currentAddress: '市中区青檀路8号1单元502',
  },
  { name: '王芳', idKind: 'idCard', idNumber: withIdCheckCharacter('37040219851111002'), phone: '0632-3312345', residency: 'registered' },
  { name: '李娜', idKind: 'idCard', idNumber: withIdCheckCharacter('37048119770215004'), residency: 'registered' },
  {
    name: '赵磊',
    idKind: 'idCard',
    idNumber: withIdCheckCharacter('41010219950520002'),
    phone: '15812340002',
    residency: 'floating',
    movedInOn: '2024-03-01',
    registeredOn: '2024-03-05',
    residencePermit: 'JZ3704001234',
  },
  { name: 'Smith', idKind: 'passport', idNumber: 'E12345678', sex: 'male', birthDate: '1980-01-01', residency: 'foreign', nationality: 'USA' },
];

/** Every sealed value in the listed tables, opened: "table.column#id" → plain text. */
async function openAll(ctx: AppContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of sealedTables) {
    const rows = (await ctx.db.select().from(t.table)) as Record<string, unknown>[];
    const byName = Object.entries(getTableColumns(t.table));
    for (const r of rows) {
      for (const c of t.columns) {
        const key = byName.find(([, col]) => col === c.sealed)?.[0] as string;
        const idKey = byName.find(([, col]) => col === t.id)?.[0] as string;
        const value = r[key] as string | null;
        if (value !== null) out.set(`${tableName(t)}.${c.sealed.name}#${r[idKey]}`, ctx.cipher.decrypt(value));
      }
    }
  }
  return out;
}

/** Every row of the listed tables as JSON text, to show a second run changes nothing. */
async function snapshot(ctx: AppContext): Promise<string> {
  const parts: string[] = [];
  for (const t of sealedTables) {
    const rows = await queryRows(ctx.db, sql`SELECT row_to_json(r)::text AS j FROM ${sql.identifier(tableName(t))} r ORDER BY 1`);
    parts.push(JSON.stringify(rows));
  }
  const [audit] = await ctx.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditEvent);
  return `${parts.join('\n')}\naudit rows: ${audit?.n}`;
}

async function seed(ctx: AppContext): Promise<{ hashesUnderA: string[] }> {
  await ensureTerritory(ctx);
  await ensureAccounts(ctx);
  const today = todayIn();
  const ids: string[] = [];
  for (const input of PEOPLE) {
    const checked = checkPerson(input, today);
    if (!checked.values) throw new Error(JSON.stringify(checked.problems));
    const [row] = await ctx.db
      .insert(person)
      .values({ ...personColumns(ctx, checked.values), divisionCode: COMMUNITY, gridCode: GRID })
      .returning({ id: person.id });
    ids.push(row?.id as string);
  }
  const legalRep = sealPersonal(ctx.cipher, 'phone', '13912340003');
  const security = sealPersonal(ctx.cipher, 'phone', '0632-3319999');
  await ctx.db.insert(organisation).values({
    divisionCode: COMMUNITY,
    gridCode: GRID,
    name: '光明超市',
    nameInitials: 'gmcs',
    kind: 'enterprise',
    address: '市中区光明路1号',
    legalRepName: '钱七',
    legalRepPhoneSealed: legalRep.sealed,
    legalRepPhoneHash: legalRep.hash,
    legalRepPhoneMasked: legalRep.masked,
    securityContactPhoneSealed: security.sealed,
    securityContactPhoneHash: security.hash,
    securityContactPhoneMasked: security.masked,
  });
  const [watched] = await ctx.db
    .insert(watchedPerson)
    .values({
      personId: ids[3] as string,
      divisionCode: COMMUNITY,
      gridCode: GRID,
      kind: 'communityCorrection',
      riskLevel: 'low',
      followUpDays: 30,
      noteSealed: ctx.cipher.encrypt('社区矫正 2025 年起，每周报到'),
    })
    .returning();
  const [anyone] = await ctx.db.select({ id: appUser.id }).from(appUser).limit(1);
  await ctx.db.insert(watchedFollowUp).values({
    watchedPersonId: watched?.id as string,
    on: '2026-11-30',
    noteSealed: ctx.cipher.encrypt('本周按时报到，情绪稳定'),
    actorId: anyone?.id as string,
  });
  const c = await makeCase(ctx);
  await ctx.db
    .update(caseRecord)
    .set({ reporterContactEncrypted: ctx.cipher.encrypt(JSON.stringify({ name: '孙八', phone: '13912340004' })) })
    .where(eq(caseRecord.id, c.id));
  const [p] = await ctx.db
    .select()
    .from(person)
    .where(eq(person.id, ids[0] as string));
  const [o] = await ctx.db.select().from(organisation);
  const hashesUnderA = [p?.idNumberHash, p?.phoneHash, p?.registeredAddressHash, p?.currentAddressHash, o?.legalRepPhoneHash, o?.securityContactPhoneHash];
  return { hashesUnderA: hashesUnderA.filter((h): h is string => typeof h === 'string') };
}

const configWith = (install: TestInstallation, env: Record<string, string>) => loadConfig({ ...install.env, ...env });

async function cli(install: TestInstallation, env: Record<string, string>, args: string[]) {
  const saved = { ...process.env };
  process.env = { ...saved, ...install.env, ...env };
  if (!install.env.DATABASE_URL) delete process.env.DATABASE_URL;
  for (const [k, v] of Object.entries(env)) if (v === '') delete process.env[k];
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = await runCli(['rotate-field-key', ...args]);
    return { code, out: log.mock.calls.map((c) => c.join(' ')).join('\n'), err: err.mock.calls.map((c) => c.join(' ')).join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
    process.env = saved;
  }
}

describe('the list of sealed columns', () => {
  it('names every *_sealed and *_encrypted column of the schema, and every keyed hash beside one', () => {
    const listed = new Set(sealedTables.flatMap((t) => t.columns.map((c) => `${tableName(t)}.${c.sealed.name}`)));
    const listedHashes = new Set(sealedTables.flatMap((t) => t.columns.flatMap((c) => (c.hash ? [`${tableName(t)}.${c.hash.column.name}`] : []))));
    const sealed: string[] = [];
    const hashes: string[] = [];
    for (const table of Object.values(schema)) {
      if (!(table instanceof PgTable)) continue;
      const { name, columns } = getTableConfig(table);
      const names = new Set(columns.map((c) => c.name));
      for (const c of columns) {
        const stem = /^(.*)_(sealed|encrypted)$/.exec(c.name)?.[1];
        if (stem !== undefined) sealed.push(`${name}.${c.name}`);
        const hashed = /^(.*)_hash$/.exec(c.name)?.[1];
        if (hashed !== undefined && (names.has(`${hashed}_sealed`) || names.has(`${hashed}_encrypted`))) hashes.push(`${name}.${c.name}`);
      }
    }
    expect(sealed.length).toBeGreaterThanOrEqual(10);
    expect(
      sealed.filter((c) => !listed.has(c)),
      'sealed columns missing from sealedTables (field-key-rotation.ts)',
    ).toEqual([]);
    expect(
      hashes.filter((c) => !listedHashes.has(c)),
      'keyed hashes missing from sealedTables',
    ).toEqual([]);
    expect(
      [...listed].filter((c) => !sealed.includes(c)),
      'listed columns that are not in the schema',
    ).toEqual([]);
  });
});

describe('wangge rotate-field-key with keys in the environment', () => {
  let install: TestInstallation;
  let before: Map<string, string>;
  let hashesUnderA: string[];

  beforeAll(async () => {
    install = await testInstallation({ env: { WANGGE_FIELD_KEY: KEY_A } });
    await withInstallation(install.config, async (ctx) => {
      ({ hashesUnderA } = await seed(ctx));
      await checkFieldKey(ctx);
      before = await openAll(ctx);
    });
  }, 180_000);
  afterAll(() => install?.dispose());

  it('has sealed values in every listed column to rotate', () => {
    const columns = new Set([...before.keys()].map((k) => k.split('#')[0]));
    expect([...columns].sort()).toEqual(sealedTables.flatMap((t) => t.columns.map((c) => `${tableName(t)}.${c.sealed.name}`)).sort());
    expect(hashesUnderA).toHaveLength(6);
  });

  it('refuses a key ring that does not hold the key the database was sealed with, changing nothing', async () => {
    const res = await cli(install, { WANGGE_FIELD_KEY: KEY_C, WANGGE_FIELD_KEYS_PREVIOUS: KEY_B }, []);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/neither WANGGE_FIELD_KEY nor one of WANGGE_FIELD_KEYS_PREVIOUS; nothing was changed/);
    await withInstallation(install.config, async (ctx) => expect(await tablesHolding(ctx.db, [idOf(KEY_C), idOf(KEY_B)])).toEqual([]));
  });

  it('refuses --new-key when the key comes from the environment', async () => {
    const res = await cli(install, { WANGGE_FIELD_KEY: KEY_B, WANGGE_FIELD_KEYS_PREVIOUS: KEY_A }, ['--new-key']);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/set WANGGE_FIELD_KEY to the new key and WANGGE_FIELD_KEYS_PREVIOUS to the old one/);
  });

  it('stopped half-way, leaves a database the ring still reads, and the server still starts', async () => {
    const config = configWith(install, { WANGGE_FIELD_KEY: KEY_B, WANGGE_FIELD_KEYS_PREVIOUS: KEY_A });
    await expect(
      rotateFieldKey(config, {
        batchSize: 2,
        // Stopped after the first batch of persons.
        onProgress: (line) => {
          if (line.startsWith('person:')) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    await withInstallation(config, async (ctx) => {
      await checkFieldKey(ctx); // the recorded key (A) is in the ring
      expect(await openAll(ctx)).toEqual(before);
      const [{ under } = { under: 0 }] = await queryRows<{ under: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS under FROM person WHERE id_number_sealed LIKE ${`${idOf(KEY_B)}%`}`,
      );
      expect(Number(under)).toBeGreaterThan(0);
      expect(Number(under)).toBeLessThan(PEOPLE.length);
    });
  });

  it('re-encrypts everything under B: with only B every value opens to the original and every search finds its person', async () => {
    const res = await cli(install, { WANGGE_FIELD_KEY: KEY_B, WANGGE_FIELD_KEYS_PREVIOUS: KEY_A }, []);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/^person: \d+ values re-encrypted in \d+ rows$/m);
    expect(res.out).toContain(`field key ${keyFingerprint(Buffer.from(KEY_B, 'hex'))} recorded: every value is under it`);

    await withInstallation(configWith(install, { WANGGE_FIELD_KEY: KEY_B, WANGGE_FIELD_KEYS_PREVIOUS: '' }), async (ctx) => {
      expect(ctx.cipher.fingerprints).toHaveLength(1);
      await checkFieldKey(ctx);
      const after = await openAll(ctx);
      expect(after).toEqual(before);
      // Every keyed hash is the value's hash under B.
      const rows = await ctx.db.select().from(person).orderBy(asc(person.name));
      for (const r of rows) {
        const kind = r.idKind === 'idCard' ? 'idNumber' : 'document';
        const id = ctx.cipher.decrypt(r.idNumberSealed as string);
        expect(r.idNumberHash).toBe(ctx.cipher.blindIndex(kind, normalisePersonal(kind, id)));
        if (r.phoneSealed) expect(r.phoneHash).toBe(ctx.cipher.blindIndex('phone', ctx.cipher.decrypt(r.phoneSealed)));
      }
      // Searches by exact value, as the persons API runs them.
      for (const p of PEOPLE.filter((x) => x.idKind === 'idCard')) {
        const found = await ctx.db
          .select({ name: person.name })
          .from(person)
          .where(searchWhere(ctx, p.idNumber as string));
        expect(found, p.name).toEqual([{ name: p.name }]);
        if (p.phone) {
          const byPhone = await ctx.db.select({ name: person.name }).from(person).where(searchWhere(ctx, p.phone));
          expect(byPhone, `${p.name} by phone`).toEqual([{ name: p.name }]);
        }
      }
      const byAddress = await ctx.db.select({ name: person.name }).from(person).where(searchWhere(ctx, '市中区光明路12号3单元301'));
      expect(byAddress).toEqual([{ name: '张伟' }]);
      // An account's phone, read as the accounts API does.
      const [city] = await ctx.db.select().from(appUser).where(eq(appUser.username, 'city'));
      expect(ctx.cipher.decrypt(city?.phoneEncrypted as string)).toBe('13800000002');
      // Nothing anywhere is sealed or hashed under A any more.
      expect(await tablesHolding(ctx.db, [idOf(KEY_A), ...hashesUnderA])).toEqual([]);
      const [audit] = await ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'system.fieldKey.rotate'));
      expect(audit?.detail).toMatch(/^\d+ values re-encrypted under key [0-9a-f]{16} \(was [0-9a-f]{16}\)$/);
    });
  });

  it('run again, changes nothing', async () => {
    const config = configWith(install, { WANGGE_FIELD_KEY: KEY_B, WANGGE_FIELD_KEYS_PREVIOUS: KEY_A });
    const first = await withInstallation(config, snapshot);
    const res = await cli(install, { WANGGE_FIELD_KEY: KEY_B, WANGGE_FIELD_KEYS_PREVIOUS: KEY_A }, []);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain('nothing to do: every value is already under field key');
    expect(await withInstallation(config, snapshot)).toBe(first);
  });

  it('after the rotation, the old key alone is refused at start', async () => {
    await withInstallation(configWith(install, { WANGGE_FIELD_KEY: KEY_A, WANGGE_FIELD_KEYS_PREVIOUS: '' }), async (ctx) => {
      await expect(checkFieldKey(ctx)).rejects.toThrow(/not the key this database was encrypted with/);
    });
  });
});

describe('wangge rotate-field-key with the key generated in the data folder', () => {
  let install: TestInstallation;
  let before: Map<string, string>;
  const secrets = () => JSON.parse(readFileSync(path.join(install.config.dataDir, 'secrets.json'), 'utf8'));

  beforeAll(async () => {
    install = await testInstallation();
    await withInstallation(install.config, async (ctx) => {
      await seed(ctx);
      await checkFieldKey(ctx);
      before = await openAll(ctx);
    });
  }, 180_000);
  afterAll(() => install?.dispose());

  it('--new-key makes a new key, keeps the old one as previous, and re-encrypts under the new one', async () => {
    const old = secrets().fieldKey as string;
    const res = await cli(install, {}, ['--new-key']);
    expect(res.code, res.err).toBe(0);
    const now = secrets();
    expect(now.fieldKey).not.toBe(old);
    expect(now.previousFieldKeys).toEqual([old]);
    expect(res.out).toContain(`field key ${keyFingerprint(Buffer.from(now.fieldKey, 'hex'))} recorded`);
    await withInstallation(install.config, async (ctx) => {
      expect(ctx.cipher.fingerprints).toHaveLength(2);
      await checkFieldKey(ctx);
      expect(await openAll(ctx)).toEqual(before);
      expect(await tablesHolding(ctx.db, [idOf(old)])).toEqual([]);
    });
  });

  it('--forget-previous drops the old key; the data opens with the new key alone', async () => {
    const res = await cli(install, {}, ['--forget-previous']);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain('nothing to do');
    expect(res.out).toContain('1 previous key(s) removed from secrets.json');
    expect(secrets().previousFieldKeys).toBeUndefined();
    await withInstallation(install.config, async (ctx) => {
      expect(ctx.cipher.fingerprints).toHaveLength(1);
      await checkFieldKey(ctx);
      expect(await openAll(ctx)).toEqual(before);
    });
  });

  it('WANGGE_FIELD_KEYS_PREVIOUS takes 64-hex-digit keys separated by commas', () => {
    expect(loadConfig({ WANGGE_FIELD_KEYS_PREVIOUS: ` ${KEY_A.toUpperCase()}, ${KEY_B} ` }).fieldKeysPrevious).toEqual([KEY_A, KEY_B]);
    expect(() => loadConfig({ WANGGE_FIELD_KEYS_PREVIOUS: `${KEY_A},abc` })).toThrow(/WANGGE_FIELD_KEYS_PREVIOUS must be keys of 64 hex digits/);
    const cipher = new FieldCipher(Buffer.from(KEY_B, 'hex'), [Buffer.from(KEY_A, 'hex')]);
    expect(cipher.previousKeys.map((k) => k.toString('hex'))).toEqual([KEY_A]);
    expect(cipher.currentPrefix).toBe(idOf(KEY_B));
  });
});
