import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { queryRows } from '../db/client.js';
import { appUser, department, session, userGrid } from '../modules/access/access.tables.js';
import { caseAssignment, casePause, caseRecord, caseRequest, caseStep, caseSupervision, caseTimer, notification } from '../modules/cases/case.tables.js';
import { routingRule } from '../modules/cases/routing.tables.js';
import { attachment } from '../modules/attachments/attachment.tables.js';
import { recordAudit } from '../modules/audit/audit.js';
import {
  baseChange,
  baseGrant,
  building,
  carePerson,
  dispute,
  dwelling,
  hazard,
  household,
  householdMember,
  organisation,
  person,
  personOrganisation,
  personalReveal,
  rental,
  rentalTenant,
  watchedPerson,
} from '../modules/base/base.tables.js';
import { baseRegrid } from '../modules/base/base-quality.tables.js';
import { sealPersonal } from '../modules/base/personal-fields.js';
import { ensureWorkCalendars } from '../modules/calendar/calendar-seed.js';
import { ensureDemoRoutingRules } from '../modules/cases/routing-seed.js';
import { ensureDemoMatters } from '../modules/matters/matter-seed.js';
import { open311Client, open311Request } from '../modules/open311/open311.tables.js';
import { ensureDemoGrids } from '../modules/territory/grid-seed.js';
import { gridChange, gridCode, gridMember } from '../modules/territory/grid.tables.js';
import { checkFieldKey, DEMO_PASSWORD, ensureAccounts, ensureTerritory } from '../modules/system/bootstrap.js';
import { type TestInstallation, testInstallation, withInstallation } from '../test/installation.js';
import { backup } from './backup.js';
import { readLines } from './backup-format.js';
import { publicTables } from './catalog.js';
import { restore } from './restore.js';

// Backup and restore through the command functions, on both databases and across them.
// PostgreSQL cases run when TEST_DATABASE_URL is set (CI); PGlite ones always.

const FIELD_KEY = 'ab'.repeat(32);
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
type Kind = 'pglite' | 'postgres';

const work = mkdtempSync(path.join(tmpdir(), 'wangge-backup-test-'));
const instances: TestInstallation[] = [];
afterAll(async () => {
  for (const i of instances) await i.dispose();
  rmSync(work, { recursive: true, force: true });
});

/** An empty installation: its own data folder and, for postgres, its own database. */
async function instance(kind: Kind, env: Record<string, string> = {}): Promise<TestInstallation> {
  const inst = await testInstallation({ kind, parent: work, env: { WANGGE_FIELD_KEY: FIELD_KEY, ...env } });
  instances.push(inst);
  return inst;
}

// The case workflow's tables (issue 4, migration 0005): nothing writes them yet outside their own
// tests, so they may be empty here until seed() files a case through the workflow's service.
/** What the server writes at first start, plus rows in the tables it leaves empty. */
async function seed(config: Config): Promise<void> {
  await withInstallation(config, async (ctx) => {
    await checkFieldKey(ctx);
    await ensureTerritory(ctx);
    await ensureAccounts(ctx);
    await ensureWorkCalendars(ctx);
    await ensureDemoMatters(ctx);
    await ensureDemoRoutingRules(ctx);
    // One town's demo grids fill the grid tables (versions, codes, sequences, teams).
    await ensureDemoGrids(ctx, { districts: ['370405'] });
    const [worker] = await ctx.db.select().from(appUser).where(eq(appUser.username, 'worker'));
    await ctx.db.transaction(async (tx) => {
      await tx.insert(userGrid).values({ userId: worker?.id as string, gridCode: '370402001013001' });
      await tx
        .insert(session)
        .values({ tokenHash: 'f'.repeat(64), userId: worker?.id as string, kind: 'token', name: 'exchange', expiresAt: new Date('2031-01-01T00:00:00Z') });
      const [someGrid] = await tx.select({ code: gridCode.code }).from(gridCode).limit(1);
      await tx
        .insert(gridMember)
        .values({ gridCode: someGrid?.code as string, userId: worker?.id as string, role: 'gridWorker', validFrom: new Date('2026-01-01T00:00:00Z') });
      const [change] = await tx
        .insert(gridChange)
        .values({
          kind: 'retire',
          status: 'draft',
          communityCode: '370405001001',
          reason: '备份测试',
          items: [{ action: 'retire', code: '3704050010011001' }],
          validation: [],
          proposedBy: worker?.id as string,
        })
        .returning();
      // Cases: a routing rule, a case dispatched to the police with every kind of row beside it.
      const [police] = await tx.select({ id: department.id }).from(department).where(eq(department.code, '370400-police'));
      const unitId = police?.id as string;
      const limit = { amount: 1, unit: 'workingDays' as const };
      const limits = { accept: limit, dispatch: limit, claim: limit, handle: limit, verify: limit };
      const [rule] = await tx
        .insert(routingRule)
        .values({ cityCode: '370400000000', matterCode: 'SX-001', scopeCode: '370405000000', leadUnitId: unitId, limits })
        .returning();
      const at = new Date('2026-10-12T02:00:00Z');
      const base = { cityCode: '370400000000', divisionCode: '370405001001', source: 'gridWorker', centreCode: '370405001000', stepStartedAt: at, limits };
      const [first] = await tx
        .insert(caseRecord)
        .values({
          ...base,
          number: 'SJ20261012000001',
          title: '备份测试事件',
          status: 'handling',
          leadUnitId: unitId,
          routingRuleId: rule?.id,
          reporterId: worker?.id,
        })
        .returning();
      const caseId = first?.id as string;
      await tx.insert(caseRecord).values({ ...base, number: 'SJ20261012000002', title: '重复件', status: 'cancelled', duplicateOf: caseId });
      await tx.insert(caseAssignment).values({ caseId, unitId, role: 'lead', status: 'claimed', dispatchedAt: at, claimedAt: at });
      await tx.insert(caseStep).values({ caseId, divisionCode: base.divisionCode, action: 'report', toStatus: 'reported', startedAt: at, finishedAt: at });
      await tx.insert(caseRequest).values({ caseId, kind: 'return', unitId, requestedBy: worker?.id as string, reason: '测试', responsibleUnitId: unitId });
      await tx.insert(casePause).values({ caseId, from: at, to: at });
      await tx.insert(caseTimer).values({ caseId, divisionCode: base.divisionCode, kind: 'overdue', stepKey: 'handle#1', fireAt: at });
      await tx.insert(caseSupervision).values({ caseId, divisionCode: base.divisionCode, level: 'yellow', centreCode: base.centreCode });
      await tx.insert(notification).values({ kind: 'caseDispatched', caseId, recipientUnitId: unitId, title: '备份测试' });
      // The row only: a backup holds the database; attachment files are copied with the data folder.
      await tx.insert(attachment).values({
        divisionCode: '370402001013',
        uploadedBy: worker?.id as string,
        fileName: '现场照片.jpg',
        kind: 'image',
        mime: 'image/jpeg',
        byteSize: 1234,
        sha256: 'a'.repeat(64),
        width: 640,
        height: 480,
        originalKey: `aa/aa/${'a'.repeat(64)}`,
        publicKey: `bb/bb/${'b'.repeat(64)}`,
        thumbnailKey: `cc/cc/${'c'.repeat(64)}`,
      });
      const [client] = await tx
        .insert(open311Client)
        .values({ name: '备份测试应用', keyHash: 'f'.repeat(64) })
        .returning();
      await tx.insert(open311Request).values({ caseId, clientId: client?.id as string, mediaUrl: 'https://example.com/1.jpg' });
      // Base information: one row in every registry, personal values sealed as the service seals them.
      const place = { divisionCode: '370405001001', gridCode: '3704050010011001' };
      const [b] = await tx
        .insert(building)
        .values({ ...place, addressCode: '3704050010010001001', name: '备份楼', address: '备份路1号', kind: 'residential' })
        .returning();
      const [d] = await tx
        .insert(dwelling)
        .values({ ...place, buildingId: b?.id as string, addressCode: '370405001001000100101301', roomNo: '301', use: 'residential', rental: true })
        .returning();
      const id = sealPersonal(ctx.cipher, 'idNumber', '11010519491231002X');
      const [p] = await tx
        .insert(person)
        .values({
          ...place,
          name: '备份人',
          nameInitials: 'bfr',
          sex: 'female',
          idKind: 'idCard',
          idNumberSealed: id.sealed,
          idNumberHash: id.hash,
          idNumberMasked: id.masked,
          residency: 'registered',
          dwellingId: d?.id,
        })
        .returning();
      const personId = p?.id as string;
      const [h] = await tx
        .insert(household)
        .values({ ...place, householdNo: 'H0001', dwellingId: d?.id, headPersonId: personId })
        .returning();
      await tx.insert(householdMember).values({ householdId: h?.id as string, personId, relation: 'head' });
      const [r] = await tx
        .insert(rental)
        .values({ ...place, dwellingId: d?.id as string, landlordName: '房东', startsOn: '2026-01-01' })
        .returning();
      await tx.insert(rentalTenant).values({ rentalId: r?.id as string, personId });
      const [o] = await tx
        .insert(organisation)
        .values({ ...place, creditCode: '91350100M000100Y43', name: '备份公司', nameInitials: 'bfgs', kind: 'enterprise', address: '备份路2号' })
        .returning();
      await tx.insert(personOrganisation).values({ personId, organisationId: o?.id as string });
      await tx.insert(watchedPerson).values({ ...place, personId, kind: 'communityCorrection', riskLevel: 'low', responsibleUnitId: unitId, followUpDays: 30 });
      await tx.insert(carePerson).values({ ...place, personId, kind: 'elderlyAlone' });
      await tx.insert(dispute).values({ ...place, occurredOn: '2026-10-01', place: '楼下', kind: 'neighbours', partyCount: 2, summary: '噪音' });
      await tx.insert(hazard).values({ ...place, foundOn: '2026-10-01', kind: 'fire', level: 'general', description: '堆物' });
      await tx
        .insert(baseChange)
        .values({ entity: 'person', entityId: personId, divisionCode: place.divisionCode, action: 'create', source: 'api', changes: {} });
      await tx.insert(baseRegrid).values({
        changeId: change?.id as string,
        entity: 'person',
        entityId: personId,
        divisionCode: place.divisionCode,
        fromGrid: place.gridCode,
        state: 'manual',
        reason: 'noPoint',
      });
      await tx.insert(personalReveal).values({ actorId: worker?.id as string, entity: 'person', entityId: personId, field: 'idNumber', reason: '备份测试' });
      await tx
        .insert(baseGrant)
        .values({ unitId, registry: 'person', divisionCode: '370405000000', divisionPrefix: '370405', reason: '备份测试', grantedBy: worker?.id as string });
      await recordAudit(
        tx,
        { actorId: worker?.id ?? null, actorRole: 'gridWorker', ip: '10.0.0.7', divisionCode: '370402001013' },
        { action: 'user.personal.read', fields: ['phone', 'idNumber'] },
      );
    });
  });
}

/** Every table's row count and a digest of its rows' JSON (in UTC, sorted), to compare installations. */
async function snapshot(config: Config, auditUpTo?: number): Promise<Record<string, { rows: number; digest: string }>> {
  return withInstallation(config, (ctx) =>
    ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
      const out: Record<string, { rows: number; digest: string }> = {};
      for (const t of await publicTables(tx)) {
        const only = t.name === 'audit_event' && auditUpTo !== undefined ? sql`WHERE x.seq <= ${auditUpTo}` : sql``;
        const [row] = await queryRows<{ rows: number; digest: string | null }>(
          tx,
          sql`SELECT count(*)::int AS rows, md5(string_agg(row_to_json(x)::text, E'\n' ORDER BY row_to_json(x)::text)) AS digest
              FROM ${sql.identifier(t.name)} x ${only}`,
        );
        out[t.name] = { rows: Number(row?.rows), digest: row?.digest ?? '' };
      }
      return out;
    }),
  );
}

const isEmpty = (snap: Record<string, { rows: number }>) => Object.values(snap).every((t) => t.rows === 0);

/** The restored installation is usable: a demo account signs in, an encrypted phone decrypts. */
async function expectUsable(config: Config): Promise<void> {
  await withInstallation(config, async (ctx) => {
    const app = await buildApp(ctx, { logger: false });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'city', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    await app.close();
    const [city] = await ctx.db.select().from(appUser).where(eq(appUser.username, 'city'));
    expect(ctx.cipher.decrypt(city?.phoneEncrypted as string)).toBe('13800000002');
  });
}

/** Copies a backup, letting `edit` change its lines. */
async function rewrite(from: string, to: string, edit: (lines: string[]) => string[]): Promise<string> {
  const lines: string[] = [];
  for await (const line of readLines(from)) lines.push(line);
  writeFileSync(to, gzipSync(`${edit(lines).join('\n')}\n`));
  return to;
}

describe.each<[Kind, Kind]>([
  ['pglite', 'pglite'],
  ['postgres', 'postgres'],
  ['pglite', 'postgres'],
  ['postgres', 'pglite'],
])('backup on %s, restore on %s', (from, to) => {
  const needsPostgres = from === 'postgres' || to === 'postgres';
  it.skipIf(needsPostgres && !onPostgres)(
    'brings back every row of every table, continues the audit chain and leaves a working installation',
    async () => {
      const source = await instance(from);
      await seed(source.config);
      const before = await snapshot(source.config);
      const file = path.join(work, `${from}-to-${to}.ndjson.gz`);

      const made = await backup(source.config, file);
      expect(made.header).toMatchObject({ format: 'wangge-backup', version: 1, sourceDatabase: from });
      expect(made.header.tables).toEqual(
        expect.arrayContaining(['division', 'division_outline', 'department', 'app_user', 'user_grid', 'session', 'audit_event', 'system_setting']),
      );
      // Parents before children: every foreign key points back up the list.
      expect(made.header.tables.indexOf('division')).toBeLessThan(made.header.tables.indexOf('department'));
      expect(made.header.tables.indexOf('department')).toBeLessThan(made.header.tables.indexOf('app_user'));
      expect(made.header.tables.indexOf('app_user')).toBeLessThan(made.header.tables.indexOf('session'));
      for (const [table, { rows }] of Object.entries(before)) {
        expect(rows, table).toBeGreaterThan(0);
        expect(made.counts[table], table).toBe(rows);
      }

      const target = await instance(to);
      const restored = await restore(target.config, file);
      const auditRows = before.audit_event?.rows as number;
      expect(restored.chain).toEqual({ ok: true, checked: auditRows + 1, lastSeq: auditRows + 1 });
      expect(restored.replaced).toEqual([]);

      const after = await snapshot(target.config, auditRows);
      expect(after).toEqual(before);
      const full = await snapshot(target.config);
      expect(full.audit_event?.rows).toBe(auditRows + 1);
      await expectUsable(target.config);
    },
    240_000,
  );
});

describe('tables the code does not know yet', () => {
  const kind: Kind = onPostgres ? 'postgres' : 'pglite';
  // One table with no primary key (paged by ctid) and one with an identity and a generated column;
  // values a JavaScript number would round.
  const ddl = [
    sql`CREATE TABLE extra_note (body text, amount numeric, big bigint)`,
    sql`CREATE TABLE extra_counter (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int NOT NULL, doubled int GENERATED ALWAYS AS (n * 2) STORED)`,
  ];
  const create = (config: Config, rows: boolean) =>
    withInstallation(config, async ({ db }) => {
      for (const statement of ddl) await db.execute(statement);
      if (rows) {
        await db.execute(
          sql`INSERT INTO extra_note SELECT 'note ' || g, 12345678901234567890.123456789 + g, 9007199254740993 + g FROM generate_series(1, 2500) g`,
        );
        await db.execute(sql`INSERT INTO extra_counter (n) SELECT g FROM generate_series(1, 1200) g`);
      }
    });

  it('backs them up and restores them exactly, paging past 1000 rows, and moves identity sequences on', async () => {
    const source = await instance(kind);
    await create(source.config, true);
    const file = path.join(work, 'extra-tables.ndjson.gz');
    const made = await backup(source.config, file);
    expect(made.counts).toMatchObject({ extra_note: 2500, extra_counter: 1200 });

    const target = await instance(kind);
    await create(target.config, false);
    await restore(target.config, file);
    const src = await snapshot(source.config);
    const dst = await snapshot(target.config, src.audit_event?.rows);
    expect(dst.extra_note).toEqual(src.extra_note);
    expect(dst.extra_counter).toEqual(src.extra_counter);

    await withInstallation(target.config, async ({ db }) => {
      const [big] = await queryRows<{ amount: string; big: string }>(db, sql`SELECT amount::text, big::text FROM extra_note WHERE body = 'note 2500'`);
      expect(big).toEqual({ amount: '12345678901234570390.123456789', big: '9007199254743493' });
      const [next] = await queryRows<{ id: string; doubled: number }>(db, sql`INSERT INTO extra_counter (n) VALUES (5) RETURNING id::text, doubled`);
      expect(next).toEqual({ id: '1201', doubled: 10 });
    });
  }, 240_000);
});

describe('restore refuses, and changes nothing', () => {
  const kind: Kind = onPostgres ? 'postgres' : 'pglite';
  let source: TestInstallation;
  let file: string;
  let sourceSnap: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    source = await instance(kind);
    await seed(source.config);
    sourceSnap = await snapshot(source.config);
    file = path.join(work, 'refusals.ndjson.gz');
    await backup(source.config, file);
  }, 240_000);

  it('into a database that holds data, unless --force; with --force it replaces everything, trail included', async () => {
    const target = await instance(kind);
    await seed(target.config);
    const before = await snapshot(target.config);
    await expect(restore(target.config, file)).rejects.toThrow(/already holds data \(.*app_user: 10.*\); nothing was changed[\s\S]*--force/);
    expect(await snapshot(target.config)).toEqual(before);

    const forced = await restore(target.config, file, { force: true });
    expect(forced.replaced.map((t) => t.name)).toEqual(expect.arrayContaining(['app_user', 'division', 'audit_event']));
    expect(forced.chain.ok).toBe(true);
    const auditRows = sourceSnap.audit_event?.rows as number;
    expect(await snapshot(target.config, auditRows)).toEqual(sourceSnap);

    // The append-only trigger, switched off only for the TRUNCATE, is on again.
    await withInstallation(target.config, async ({ db }) => {
      await expect(db.execute(sql`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow();
      await expect(db.execute(sql`TRUNCATE audit_event`)).rejects.toThrow();
    });
  }, 240_000);

  it('a backup made at other migrations', async () => {
    const other = await rewrite(file, path.join(work, 'other-migrations.ndjson.gz'), ([header, ...rest]) => {
      const h = JSON.parse(header as string);
      h.migrations = h.migrations.slice(0, -1);
      return [JSON.stringify(h), ...rest];
    });
    const target = await instance(kind);
    await expect(restore(target.config, other)).rejects.toThrow(/was made from a database at migrations \[.*\], but this database is at \[.*\]/);
    expect(isEmpty(await snapshot(target.config))).toBe(true);
  }, 120_000);

  it('data encrypted with another field key', async () => {
    const target = await instance(kind, { WANGGE_FIELD_KEY: 'cd'.repeat(32) });
    await expect(restore(target.config, file)).rejects.toThrow(/encrypted with another field key[\s\S]*WANGGE_FIELD_KEY/);
    expect(isEmpty(await snapshot(target.config))).toBe(true);
  }, 120_000);

  it('a file cut short, or not a backup at all', async () => {
    const cut = await rewrite(file, path.join(work, 'cut.ndjson.gz'), (lines) => lines.slice(0, -5));
    const target = await instance(kind);
    await expect(restore(target.config, cut)).rejects.toThrow(/ends before its end line/);
    expect(isEmpty(await snapshot(target.config))).toBe(true);

    const notGzip = path.join(work, 'plain.json');
    writeFileSync(notGzip, '{"hello":1}\n');
    await expect(restore(target.config, notGzip)).rejects.toThrow(/not a gzip file/);
    const notBackup = path.join(work, 'other.ndjson.gz');
    writeFileSync(notBackup, gzipSync('{"hello":1}\n'));
    await expect(restore(target.config, notBackup)).rejects.toThrow(/is not a Wangge backup/);
    expect(isEmpty(await snapshot(target.config))).toBe(true);
  }, 120_000);
});
