// Finding persons at Zaozhuang scale (issue 5): 3.9 million persons over the city's real communities,
// ID numbers and phones sealed and hashed as the persons API stores them (personColumns), then
// listPersons as a town centre, the way GET /api/persons runs it (the base gate in the WHERE clause,
// a page of masked rows and its total): by exact ID number, by a 2-character name prefix, by pinyin
// initials, by phone, and a plain list page of 50. Targets: search p95 < 50 ms, list page p95 < 30 ms.
//
//   npx tsx bench/base-search.ts        (BENCH_DATABASE_URL, BENCH_PERSONS, BENCH_QUERIES, BENCH_BATCH)
//
// The load takes about 20 minutes on the 2-core machine. BENCH_KEEP_DB=<name> loads into a database of
// that name and keeps it; run again with the same name and the load is skipped (the migrations still
// run, so an index added since is built on the loaded rows). Drop it with `DROP DATABASE <name>`.
import { execSync } from 'node:child_process';
import os from 'node:os';
import { type SQL, sql } from 'drizzle-orm';
import { loadConfig } from '../server/src/config.js';
import { queryRows } from '../server/src/db/client.js';
import { withIdCheckCharacter } from '../server/src/lib/id-number.js';
import { nameInitials } from '../server/src/lib/pinyin.js';
import { sealPersonal } from '../server/src/modules/base/personal-fields.js';
import type { Actor } from '../server/src/modules/access/access.js';
import { appUser } from '../server/src/modules/access/access.tables.js';
import { listPersons, personColumns, searchWhere } from '../server/src/modules/base/person.service.js';
import type { PersonValues } from '../server/src/modules/base/person-input.js';
import { ensureAccounts, ensureTerritory } from '../server/src/modules/system/bootstrap.js';
import { divisionPrefix } from '../server/src/modules/territory/division-code.js';
import { wanggeGridCodes } from '../server/src/modules/territory/grid-code.js';
import { openRuntime } from '../server/src/runtime.js';
import { withFreshDatabase, withKeptDatabase } from './fresh-database.js';
import { eq } from 'drizzle-orm';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 3_900_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 500);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The demo town centre `zhongxinjie`: 中心街街道, 市中区. */
const TOWN_USER = 'zhongxinjie';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

/** A small seeded generator (mulberry32): the same data every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Surnames with their rough share of the population (the most common ~35 cover about three quarters),
// and given-name characters in common use: so that a 2-character prefix such as 张伟 has many hits.
// biome-ignore format: a table
const SURNAMES: [string, number][] = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 54], ['陈', 45], ['杨', 32], ['黄', 24], ['赵', 22], ['吴', 20], ['周', 20],
  ['徐', 14], ['孙', 14], ['马', 12], ['朱', 12], ['胡', 11], ['郭', 11], ['何', 10], ['高', 10], ['林', 10], ['罗', 9],
  ['郑', 9], ['梁', 8], ['谢', 7], ['宋', 7], ['唐', 6], ['许', 6], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 5],
  ['彭', 5], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 4], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['褚', 1], ['欧阳', 1], ['颜', 2], ['孔', 3], ['孟', 3], ['鲁', 2], ['滕', 2], ['薛', 3], ['殷', 1], ['邵', 2],
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国文辉力斌宇浩凯鹏飞慧琳雪梅丹丹晨阳鑫博子涵欣怡雨萱思远海燕春燕志强永刚德胜淑珍凤兰',
];
const MOBILE_PREFIXES = ['134', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '182', '183', '187', '188', '198'];

const surnameTable: string[] = SURNAMES.flatMap(([s, w]) => Array.from({ length: w }, () => s));

interface Generated {
  community: number;
  values: PersonValues;
}

/**
 * Person i, always the same: a community (round robin over the city's), a unique ID number (birth
 * day and sequence both drawn from i: 29,200 days × 1,000 sequences), a mobile for 85 % of them.
 */
function person(i: number, communities: string[]): Generated {
  const r = rng(i + 1);
  const community = i % communities.length;
  const code = communities[community] as string;
  const surname = surnameTable[Math.floor(r() * surnameTable.length)] as string;
  const givenLength = r() < 0.7 ? 2 : 1;
  let name = surname;
  for (let k = 0; k < givenLength; k++) name += GIVEN[Math.floor(r() * GIVEN.length)];
  // 29,200 days from 1940-01-01; 7,919 is prime to 29,200, so i ↦ day is one-to-one over each 29,200.
  const day = (i * 7919) % 29_200;
  const born = new Date(Date.UTC(1940, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const seq = Math.floor(i / 29_200) % 1000;
  const idNumber = withIdCheckCharacter(`${code.slice(0, 6)}${born.replaceAll('-', '')}${String(seq).padStart(3, '0')}`);
  const phone =
    r() < 0.85
      ? `${MOBILE_PREFIXES[i % MOBILE_PREFIXES.length]}${String((Math.floor(i / MOBILE_PREFIXES.length) * 48_271) % 100_000_000).padStart(8, '0')}`
      : null;
  return {
    community,
    values: {
      name,
      sex: seq % 2 === 1 ? 'male' : 'female',
      birthDate: born,
      idKind: 'idCard',
      idNumber,
      phone,
      residency: r() < 0.85 ? 'registered' : 'floating',
    },
  };
}

const KEEP_DB = process.env.BENCH_KEEP_DB;
const withDatabase = (fn: (url: string) => Promise<void>) =>
  KEEP_DB ? withKeptDatabase(ADMIN_URL, KEEP_DB, fn) : withFreshDatabase(ADMIN_URL, 'basesearch', fn);

await withDatabase(async (url) => {
  const config = loadConfig({ WANGGE_LOG_LEVEL: 'silent', DATABASE_URL: url, WANGGE_FIELD_KEY: 'ab'.repeat(32) });
  const runtime = await openRuntime(config, { inMemory: true });
  const { ctx } = runtime;
  const db = ctx.db;
  const run = (q: SQL) => db.execute(q);
  const cpu = os.cpus()[0]?.model?.trim();
  console.log(
    `machine: ${cpu} × ${os.cpus().length} cores (nproc ${execSync('nproc').toString().trim()}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(`database: ${(await queryRows<{ v: string }>(db, sql`SELECT version() AS v`))[0]?.v.split(' on ')[0]}`);
  console.log(`load average (1/5/15 min) at the start: ${loadavg()}`);

  await ensureTerritory(ctx);
  await ensureAccounts(ctx);
  const communities = (await queryRows<{ code: string }>(db, sql`SELECT code FROM division WHERE level = 4 ORDER BY code`)).map((r) => r.code);

  // ---- Load: generate, seal, insert in batches; the secondary indexes are built afterwards ------
  const [already] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM person`);
  if (Number(already?.n) === PERSONS) console.log(`kept database ${KEEP_DB}: ${fmt(PERSONS)} persons already loaded`);
  else if (Number(already?.n) > 0) throw new Error(`database holds ${already?.n} persons, not ${PERSONS}: drop it and load again`);
  else await load();
  async function load() {
    const indexes = await queryRows<{ name: string; def: string }>(
      db,
      sql`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'person' AND indexname <> 'person_pkey'`,
    );
    for (const ix of indexes) await run(sql`DROP INDEX ${sql.identifier(ix.name)}`);
    const columns = [
      ['division_code', 'text'],
      ['grid_code', 'text'],
      ['name', 'text'],
      ['name_initials', 'text'],
      ['sex', 'text'],
      ['birth_date', 'date'],
      ['id_kind', 'text'],
      ['id_number_sealed', 'text'],
      ['id_number_hash', 'text'],
      ['id_number_masked', 'text'],
      ['phone_sealed', 'text'],
      ['phone_hash', 'text'],
      ['phone_masked', 'text'],
      ['residency', 'text'],
    ] as const;
    // What personColumns stores for these fields, with the same helpers (sealPersonal: real seals and
    // hashes); the pinyin initials are memoised, since names repeat and the lookup costs more than a seal.
    const initials = new Map<string, string>();
    const columnsOf = (v: PersonValues) => {
      let ni = initials.get(v.name);
      if (ni === undefined) {
        ni = nameInitials(v.name);
        initials.set(v.name, ni);
      }
      const id = sealPersonal(ctx.cipher, 'idNumber', v.idNumber as string);
      const phone = v.phone === null ? null : sealPersonal(ctx.cipher, 'phone', v.phone);
      return {
        name: v.name,
        nameInitials: ni,
        sex: v.sex,
        birthDate: v.birthDate,
        idKind: v.idKind,
        idNumberSealed: id.sealed,
        idNumberHash: id.hash,
        idNumberMasked: id.masked,
        phoneSealed: phone?.sealed ?? null,
        phoneHash: phone?.hash ?? null,
        phoneMasked: phone?.masked ?? null,
        residency: v.residency,
      };
    };
    // The helpers agree with personColumns, which the API uses (the hashes compared after a decrypt, as IVs differ).
    {
      const sample = person(0, communities).values;
      const [a, b] = [personColumns(ctx, sample), columnsOf(sample)];
      if (a.idNumberHash !== b.idNumberHash || a.phoneHash !== b.phoneHash || a.nameInitials !== b.nameInitials || a.idNumberMasked !== b.idNumberMasked)
        throw new Error('the bench seals persons differently from personColumns');
    }
    const batchRows = (from: number, to: number) => {
      const rows: unknown[][] = [];
      for (let i = from; i < to; i++) {
        const g = person(i, communities);
        const c = columnsOf(g.values);
        const community = communities[g.community] as string;
        const grid = wanggeGridCodes.code('basic', community, 1 + (Math.floor(i / communities.length) % 2));
        rows.push([
          community,
          grid,
          c.name,
          c.nameInitials,
          c.sex,
          c.birthDate,
          c.idKind,
          c.idNumberSealed,
          c.idNumberHash,
          c.idNumberMasked,
          c.phoneSealed,
          c.phoneHash,
          c.phoneMasked,
          c.residency,
        ]);
      }
      return JSON.stringify(rows);
    };
    const insert = (json: string) =>
      run(sql`INSERT INTO person (${sql.join(
        columns.map(([n]) => sql.identifier(n)),
        sql`, `,
      )})
      SELECT ${sql.join(
        columns.map(([n, type], k) => sql`(r->>${sql.raw(String(k))})::${sql.raw(type)} AS ${sql.identifier(n)}`),
        sql`, `,
      )} FROM jsonb_array_elements(${json}::jsonb) AS r`);
    let t0 = performance.now();
    let sealing = 0;
    let pending: Promise<unknown> | undefined;
    for (let from = 0; from < PERSONS; from += BATCH) {
      const s0 = performance.now();
      const json = batchRows(from, Math.min(PERSONS, from + BATCH));
      sealing += performance.now() - s0;
      // The database inserts one batch while the next is sealed.
      await pending;
      pending = insert(json);
      if ((from / BATCH) % 20 === 0) process.stdout.write(`\rpersons: ${fmt(from)} (${seconds(t0)} s)`);
    }
    await pending;
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(
      `\rloaded ${fmt(PERSONS)} persons in ${fmt(loadSeconds, 1)} s (${fmt(PERSONS / loadSeconds)} rows/s; generating, sealing and hashing ${fmt(sealing / 1000, 1)} s of it, on one thread)`,
    );
    t0 = performance.now();
    for (const ix of indexes) await run(sql.raw(ix.def));
    console.log(`${indexes.length} secondary indexes built in ${seconds(t0)} s`);
    t0 = performance.now();
    await run(sql`VACUUM ANALYZE person`);
    console.log(`VACUUM ANALYZE in ${seconds(t0)} s; load average: ${loadavg()}`);
  }

  // ---- The actor: the town centre, as authenticate.ts builds it -------------------------------
  const centre = async (username: string, role: Actor['role']): Promise<Actor> => {
    const [u] = await db.select().from(appUser).where(eq(appUser.username, username));
    if (!u) throw new Error(`no account ${username}`);
    return {
      userId: u.id,
      username: u.username,
      displayName: u.displayName,
      role,
      scopeKind: 'division',
      divisionCode: u.divisionCode,
      divisionPrefix: divisionPrefix(u.divisionCode),
      departmentId: u.departmentId,
      gridCodes: [],
      sessionId: 'bench',
      mustChangePassword: false,
    };
  };
  const actor = await centre(TOWN_USER, 'townCentre');
  // A larger jurisdiction for the list page: the district centre of 市中区 and the city centre.
  const district = await centre('shizhong', 'districtCentre');
  const city = await centre('city', 'cityCentre');
  const townCommunities = communities.map((c, k) => [c, k] as const).filter(([c]) => c.startsWith(actor.divisionPrefix));
  const [inTown] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM person WHERE division_code LIKE ${`${actor.divisionPrefix}%`}`);
  console.log(
    `actor: ${TOWN_USER} (townCentre, division ${actor.divisionCode}, prefix ${actor.divisionPrefix}): ${townCommunities.length} communities, ${fmt(Number(inTown?.n))} persons in the jurisdiction`,
  );

  // Persons of the town, drawn at random (seeded): their values as a user would type them.
  const pick = rng(42);
  const townPersons = (n: number) =>
    Array.from({ length: n }, () => {
      const [, k] = townCommunities[Math.floor(pick() * townCommunities.length)] as readonly [string, number];
      const rounds = Math.floor((PERSONS - 1 - k) / communities.length) + 1;
      return person(k + communities.length * Math.floor(pick() * rounds), communities).values;
    });
  const onePerson = () => townPersons(1)[0] as PersonValues;
  const withPhone = () => {
    for (;;) {
      const [p] = townPersons(1);
      if (p?.phone) return p;
    }
  };
  const kinds: { label: string; target: number; as?: Actor; q: () => { q?: string; page?: number; pageSize: number }; expectOne?: boolean }[] = [
    { label: 'exact ID number', target: 50, q: () => ({ q: onePerson().idNumber as string, pageSize: 20 }), expectOne: true },
    { label: 'name prefix (2 characters)', target: 50, q: () => ({ q: [...onePerson().name].slice(0, 2).join(''), pageSize: 20 }) },
    { label: 'pinyin initials', target: 50, q: () => ({ q: nameInitials(onePerson().name), pageSize: 20 }) },
    { label: 'phone', target: 50, q: () => ({ q: withPhone().phone as string, pageSize: 20 }), expectOne: true },
    { label: 'list page of 50 (no search)', target: 30, q: () => ({ page: 1 + Math.floor(pick() * 10), pageSize: 50 }) },
    { label: 'list page of 50, district', target: 30, as: district, q: () => ({ page: 1 + Math.floor(pick() * 10), pageSize: 50 }) },
    { label: 'list page of 50, city', target: 30, as: city, q: () => ({ page: 1 + Math.floor(pick() * 10), pageSize: 50 }) },
  ];

  // ---- Plans -------------------------------------------------------------------------------
  for (const kind of kinds) {
    const query = kind.q();
    const where = sql.join(
      [sql`division_code LIKE ${`${(kind.as ?? actor).divisionPrefix}%`} AND status = 'active'`, ...(query.q ? [sql` AND `, searchWhere(ctx, query.q)] : [])],
      sql``,
    );
    const plan = await queryRows<{ 'QUERY PLAN': string }>(
      db,
      // As listPersons pages: the ids in order first, then their rows.
      sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT p.* FROM (SELECT id FROM person WHERE ${where} ORDER BY name, id LIMIT ${query.pageSize}) page
        JOIN person p ON p.id = page.id ORDER BY p.name, p.id`,
    );
    const countPlan = await queryRows<{ 'QUERY PLAN': string }>(db, sql`EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM person WHERE ${where}`);
    console.log(`\n${kind.label}: plan of one query (rows, then the total)\n  ${plan.map((r) => r['QUERY PLAN']).join('\n  ')}`);
    console.log(`  --\n  ${countPlan.map((r) => r['QUERY PLAN']).join('\n  ')}`);
  }

  // ---- Timings -------------------------------------------------------------------------------
  console.log(`\n${QUERIES} queries per kind through listPersons (the rows and the total, as GET /api/persons), after 50 to warm up:`);
  const summary: string[] = [];
  for (const kind of kinds) {
    const times: number[] = [];
    let hits = 0;
    let wrong = 0;
    for (let k = 0; k < QUERIES + 50; k++) {
      const query = kind.q();
      const page = { page: query.page ?? 1, pageSize: query.pageSize, offset: ((query.page ?? 1) - 1) * query.pageSize };
      const started = performance.now();
      const result = await listPersons(ctx, kind.as ?? actor, query.q ? { q: query.q } : {}, page);
      const ms = performance.now() - started;
      if (k < 50) continue;
      times.push(ms);
      hits += result.total;
      if (kind.expectOne && result.total !== 1) wrong++;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    const line = `${kind.label.padEnd(28)} p50 ${fmt(percentile(times, 50), 1).padStart(6)} ms  p95 ${fmt(p95, 1).padStart(6)} ms  p99 ${fmt(percentile(times, 99), 1).padStart(6)} ms  mean total ${fmt(hits / QUERIES, 1)}  target p95 < ${kind.target} ms: ${p95 < kind.target ? 'met' : 'NOT met'}`;
    console.log(line);
    summary.push(line);
    if (wrong > 0) {
      console.error(`  ${wrong} of ${QUERIES} ${kind.label} searches did not find exactly one person`);
      process.exitCode = 1;
    }
    if (p95 >= kind.target) process.exitCode = 1;
  }
  console.log(`load average at the end: ${loadavg()}`);
  await runtime.close();
});
