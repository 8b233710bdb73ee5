// Importing persons (实有人口): each row checked by checkPerson (the API's own rules), placed in a
// grid the uploader may write (a dwelling by its address code, or a grid by its code; lookups
// cached and asked for a batch at a time), keyed by the keyed hash of the ID number, sealed once and
// staged (stagedWrites), then written from the stage: new persons inserted by SQL, registered ones
// updated where changed and left alone where not (so a file imported twice changes nothing the
// second time), each write with its history row.
import { type SQL, and, getTableColumns, isNull, not, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import { type Executor, type Tx, queryRows } from '../../db/client.js';
import { pgArrayLiteral } from '../../db/pg-array.js';
import type { Actor } from '../access/access.js';
import { grid } from '../territory/grid.tables.js';
import { canWriteAt, visibleBaseWhere } from './base-access.js';
import { type ChangeRow, diffShown, recordChanges } from './base-history.js';
import { dwelling, person } from './base.tables.js';
import { choiceOf, type ImportColumn, personColumns as personImportColumns } from './import-columns.js';
import type { FileRow } from './import-read.js';
import { keyProblems, type StagedWrites } from './import-rows.js';
import type { IdKind, PersonInput, PersonValues, Problem, Residency, Sex } from './person-input.js';
import { checkPerson } from './person-input.js';
import { shownFields } from './base-records.js';
import { idKindOf, personColumns, today } from './person.service.js';
import { normalisePersonal } from './personal-fields.js';
import { nameInitials } from '../../lib/pinyin.js';

type PersonRow = typeof person.$inferSelect;

export interface RowProblem extends Problem {
  rowNo: number;
}

export interface CheckedRow {
  rowNo: number;
  keyHash: string;
  values: PersonValues;
  place: { gridCode: string; divisionCode: string; dwellingId: string | null };
}

export interface BatchResult {
  created: number;
  updated: number;
  unchanged: number;
  refused: RowProblem[];
}

const column = (key: string) => personImportColumns.find((c) => c.key === key) as ImportColumn;

const outsideGrid = { field: 'gridCode', message: 'No such current grid in your jurisdiction.', messageZh: '该网格不存在、已撤销或不在您的管辖范围内。' };
const outsideDwelling = {
  field: 'dwellingAddressCode',
  message: 'No such dwelling in your jurisdiction.',
  messageZh: '该房屋不存在或不在您的管辖范围内。',
};

/** The importer of one job: its caches of grids and dwellings live as long as the job. */
export function personImporter(ctx: AppContext, actor: Actor, importId: string) {
  const day = today(ctx);
  // Grids: a city has some 22,000, so every code asked for stays cached. Dwellings: a bounded cache.
  const grids = new Map<string, { gridCode: string; divisionCode: string } | null>();
  let dwellings = new Map<string, { gridCode: string; divisionCode: string; dwellingId: string } | null>();
  // Pinyin initials cost more than anything else of a row: names repeat, so they are kept (bounded).
  let initialsOf = new Map<string, string>();
  const initials = (name: string) => {
    let v = initialsOf.get(name);
    if (v === undefined) {
      if (initialsOf.size > 100_000) initialsOf = new Map();
      v = nameInitials(name);
      initialsOf.set(name, v);
    }
    return v;
  };

  async function loadPlaces(db: Executor, gridCodes: Set<string>, dwellingCodes: Set<string>) {
    const missingGrids = [...gridCodes].filter((c) => !grids.has(c));
    if (missingGrids.length > 0) {
      const rows = await db
        .select({ code: grid.code, communityCode: grid.communityCode })
        .from(grid)
        .where(and(sql`${grid.code} = ANY(${pgArrayLiteral(missingGrids)}::text[])`, isNull(grid.validTo)));
      for (const c of missingGrids) grids.set(c, null);
      for (const r of rows) grids.set(r.code, canWriteAt(actor, r.code, r.communityCode) ? { gridCode: r.code, divisionCode: r.communityCode } : null);
    }
    if (dwellings.size > 50_000) dwellings = new Map();
    const missingDwellings = [...dwellingCodes].filter((c) => !dwellings.has(c));
    if (missingDwellings.length > 0) {
      const rows = await db
        .select({ id: dwelling.id, addressCode: dwelling.addressCode, gridCode: dwelling.gridCode, divisionCode: dwelling.divisionCode })
        .from(dwelling)
        .where(sql`${dwelling.addressCode} = ANY(${pgArrayLiteral(missingDwellings)}::text[])`);
      for (const c of missingDwellings) dwellings.set(c, null);
      for (const r of rows)
        dwellings.set(
          r.addressCode,
          canWriteAt(actor, r.gridCode, r.divisionCode) ? { gridCode: r.gridCode, divisionCode: r.divisionCode, dwellingId: r.id } : null,
        );
    }
  }

  /** A row's cells as PersonInput; enum cells that name no choice are problems. */
  function inputOf(cells: FileRow['cells'], problems: Problem[]): PersonInput {
    const pick = (key: 'sex' | 'idKind' | 'residency') => {
      const cell = cells[key];
      if (cell === null || cell === undefined) return undefined;
      const c = column(key);
      const value = choiceOf(c, cell);
      if (value === undefined) {
        const list = (c.choices ?? []).map((x) => x.label);
        problems.push({ field: key, message: `Must be one of: ${list.join(', ')}.`, messageZh: `须为以下之一：${list.join('、')}。` });
      }
      return value;
    };
    const sex = pick('sex') as Sex | undefined;
    const idKind = (pick('idKind') ?? 'idCard') as IdKind;
    const residency = pick('residency') as Residency | undefined;
    if (residency === undefined && (cells.residency ?? null) === null)
      problems.push({ field: 'residency', message: 'Give the residency.', messageZh: '请填写人口类型。' });
    return {
      name: cells.name ?? '',
      formerName: cells.formerName,
      sex: sex ?? null,
      birthDate: cells.birthDate,
      ethnicity: cells.ethnicity,
      idKind,
      idNumber: cells.idNumber,
      phone: cells.phone,
      nativePlace: cells.nativePlace,
      maritalStatus: cells.maritalStatus,
      politicalStatus: cells.politicalStatus,
      education: cells.education,
      religion: cells.religion,
      occupation: cells.occupation,
      registeredAddress: cells.registeredAddress,
      currentAddress: cells.currentAddress,
      // An unknown residency is already a problem; checkPerson needs some value to check the rest.
      residency: residency ?? 'registered',
      moveInReason: cells.moveInReason,
      movedInOn: cells.movedInOn,
      registeredOn: cells.registeredOn,
      expectedLeaveOn: cells.expectedLeaveOn,
      originCode: cells.originCode,
      residencePermit: cells.residencePermit,
      nationality: cells.nationality,
    };
  }

  /** Of these keys, those of persons registered outside the uploader's jurisdiction. */
  async function foreignKeys(db: Executor, keyHashes: readonly string[]): Promise<Set<string>> {
    if (keyHashes.length === 0) return new Set();
    const rows = await db
      .select({ hash: person.idNumberHash })
      .from(person)
      .where(and(sql`${person.idNumberHash} = ANY(${pgArrayLiteral(keyHashes)}::text[])`, not(visibleBaseWhere(actor, 'person', person, ctx.now()))));
    return new Set(rows.map((r) => r.hash as string));
  }

  const lengths: Record<string, number> = {
    name: 50,
    formerName: 50,
    ethnicity: 20,
    nativePlace: 50,
    maritalStatus: 20,
    politicalStatus: 20,
    education: 20,
    religion: 20,
    occupation: 50,
    registeredAddress: 200,
    currentAddress: 200,
    moveInReason: 50,
    nationality: 50,
    gridCode: 40,
    dwellingAddressCode: 60,
  };

  /** Writes a prepared batch: new persons inserted, changed ones updated, unchanged ones untouched; history for each write. */
  async function upsert(tx: Tx, rows: readonly PreparedRow[]): Promise<BatchResult> {
    const result: BatchResult = { created: 0, updated: 0, unchanged: 0, refused: [] };
    if (rows.length === 0) return result;
    // The stored persons with these keys, locked, each with whether the uploader may write it (one round trip).
    const existing = await tx
      .select({ row: person, writable: sql<boolean>`${visibleBaseWhere(actor, 'person', person, ctx.now())}`.as('writable') })
      .from(person)
      .where(sql`${person.idNumberHash} = ANY(${pgArrayLiteral(rows.map((r) => r.keyHash))}::text[])`)
      .for('update', { of: person });
    const before = new Map(existing.map((p) => [p.row.idNumberHash as string, p.row]));
    // As `foreignKeys` has it: outside is where the jurisdiction's condition is false.
    const foreign = new Set(existing.filter((p) => p.writable === false).map((p) => p.row.idNumberHash as string));
    const writes: { rowNo: number; values: PersonWrite }[] = [];
    for (const r of rows) {
      const old = before.get(r.keyHash);
      if (old && foreign.has(r.keyHash)) {
        result.refused.push({ rowNo: r.rowNo, ...registeredElsewhere });
        continue;
      }
      if (old && !differs(old, r.values)) {
        result.unchanged += 1;
        continue;
      }
      writes.push(r);
    }
    if (writes.length === 0) return result;
    const written = await writePersons(
      tx,
      writes.map((w) => w.values),
      visibleBaseWhere(actor, 'person', person, ctx.now()),
      ctx.now(),
    );
    const changes: ChangeRow[] = [];
    const byHash = new Map(writes.map((w) => [w.values.idNumberHash as string, w]));
    for (const { id, hash } of written) {
      const old = before.get(hash);
      const w = byHash.get(hash) as (typeof writes)[number];
      if (old) result.updated += 1;
      else result.created += 1;
      // The row as stored: what was written, over what was there (status and the rest are not imported).
      const after = { ...(old ?? { status: 'active' }), ...w.values, id } as PersonRow;
      changes.push({
        entity: 'person',
        entityId: id,
        divisionCode: after.divisionCode,
        action: old ? 'update' : 'create',
        source: 'import',
        changes: diffShown(old ? shownFields(old) : {}, shownFields(after)),
        actorId: actor.userId,
        importId,
      });
    }
    // A person registered elsewhere between the first pass and this one: the conflict was not updated.
    if (written.length < writes.length) {
      const done = new Set(written.map((p) => p.hash));
      for (const w of writes) if (!done.has(w.values.idNumberHash as string)) result.refused.push({ rowNo: w.rowNo, ...registeredElsewhere });
    }
    await recordChanges(tx, changes);
    return result;
  }

  /**
   * The first pass stages each batch's prepared rows in a table of the job's own (unlogged, shaped
   * like person, dropped when the job ends); the second writes them from there a range of rows at
   * a time. New persons go in by one statement, marked with the job (their create is the job's:
   * `withImpliedCreate`); persons already registered are read back and written as `upsert` writes a
   * batch, with a history row each.
   */
  function stagedWrites(write: typeof upsert): StagedWrites<PreparedRow> {
    const stage = sql.identifier(`base_import_stage_${importId.replace(/-/g, '')}`);
    const table = getTableColumns(person) as Record<string, PgColumn>;
    // The columns an import writes (those of its first prepared row).
    let keys: string[] | undefined;
    let analysed = false;
    const ident = (k: string) => sql.identifier((table[k] as PgColumn).name);
    return {
      async open(db) {
        await db.execute(sql`CREATE UNLOGGED TABLE ${stage} (LIKE ${person} INCLUDING DEFAULTS, row_no integer NOT NULL)`);
        await db.execute(sql`CREATE INDEX ON ${stage} (row_no)`);
        // The stage finds a key met twice in the file (base_import_key does it for the other registries).
        await db.execute(sql`CREATE UNIQUE INDEX ON ${stage} (id_number_hash)`);
      },

      async stage(db, rows) {
        if (rows.length === 0) return [];
        keys ??= Object.keys((rows[0] as PreparedRow).values);
        const { names, select } = unnestOf(
          rows.map((r) => r.values),
          keys,
          [
            // Time-ordered ids (UUIDv7): a million new persons go to the end of the primary key and of the
            // history's index by record, not to a random page of each.
            { name: 'id', type: 'uuid', values: rows.map(() => uuidv7()) },
            { name: 'row_no', type: 'integer', values: rows.map((r) => r.rowNo) },
          ],
        );
        const inserted = await queryRows<{ rowNo: number }>(
          db,
          sql`INSERT INTO ${stage} (${names}) ${select} ON CONFLICT (id_number_hash) DO NOTHING RETURNING row_no AS "rowNo"`,
        );
        // Statistics once the stage holds a batch: its ranges are then read by the row index.
        if (!analysed) {
          analysed = true;
          await db.execute(sql`ANALYZE ${stage}`);
        }
        if (inserted.length === rows.length) return [];
        // A key already staged, from an earlier row (of an earlier batch or earlier in this one).
        const staged = new Set(inserted.map((r) => Number(r.rowNo)));
        const again = rows.filter((r) => !staged.has(r.rowNo));
        const earlier = await queryRows<{ keyHash: string; rowNo: number }>(
          db,
          sql`SELECT id_number_hash AS "keyHash", row_no AS "rowNo" FROM ${stage} WHERE id_number_hash = ANY(${pgArrayLiteral(again.map((r) => r.keyHash))}::text[])`,
        );
        const at = new Map(earlier.map((e) => [e.keyHash, Number(e.rowNo)]));
        return again.map((r) => ({ rowNo: r.rowNo, earlier: at.get(r.keyHash) ?? 0 }));
      },

      async range(db) {
        const [r] = await queryRows<{ first: number | null; last: number | null }>(db, sql`SELECT min(row_no) AS first, max(row_no) AS last FROM ${stage}`);
        return r?.first == null || r.last == null ? null : { first: Number(r.first), last: Number(r.last) };
      },

      async write(tx, from, to) {
        const result: BatchResult = { created: 0, updated: 0, unchanged: 0, refused: [] };
        if (!keys) return result;
        const range = sql`s.row_no >= ${from} AND s.row_no < ${to}`;
        // Persons already registered: compared, updated where changed, refused outside the jurisdiction.
        const stored = await queryRows<Record<string, unknown> & { rowNo: number; keyHash: string }>(
          tx,
          sql`SELECT s.row_no AS "rowNo", s.id_number_hash AS "keyHash", ${sql.join(
            keys.map((k) => sql`s.${ident(k)}${sql.raw((table[k] as PgColumn).getSQLType() === 'date' ? '::text' : '')} AS ${sql.identifier(k)}`),
            sql`, `,
          )} FROM ${stage} s WHERE ${range} AND EXISTS (SELECT 1 FROM ${person} p WHERE p.id_number_hash = s.id_number_hash)`,
        );
        if (stored.length > 0) {
          const prepared = stored.map(({ rowNo, keyHash, ...values }) => ({ rowNo, keyHash, values: values as PersonWrite }));
          Object.assign(result, await write(tx, prepared));
        }
        // New persons, marked with this job: their create is the job's (withImpliedCreate), not a
        // history row each — that row was a quarter of a million-row import's time.
        const names = sql.join([...['id', ...keys].map((k) => ident(k)), sql.identifier('created_import_id')], sql`, `);
        const [counts] = await queryRows<{ created: number; staged: number }>(
          tx,
          sql`WITH ins AS (
              INSERT INTO ${person} (${names}) SELECT ${sql.join(
                ['id', ...keys].map((k) => sql`s.${ident(k)}`),
                sql`, `,
              )}, ${importId}::uuid FROM ${stage} s WHERE ${range} ORDER BY s.row_no
              ON CONFLICT (id_number_hash) DO NOTHING RETURNING 1
            )
            SELECT (SELECT count(*) FROM ins)::int AS created, (SELECT count(*) FROM ${stage} s WHERE ${range})::int AS staged`,
        );
        const created = Number(counts?.created ?? 0);
        result.created += created;
        // Registered by someone else between the first pass and this insert: reported, not overwritten.
        if (created + stored.length < Number(counts?.staged ?? 0)) {
          const late = await queryRows<{ rowNo: number }>(
            tx,
            sql`SELECT s.row_no AS "rowNo" FROM ${stage} s WHERE ${range}
              AND NOT EXISTS (SELECT 1 FROM ${person} p WHERE p.id = s.id)
              AND s.row_no <> ALL(${pgArrayLiteral(stored.map((r) => r.rowNo))}::int[])`,
          );
          for (const r of late) result.refused.push({ rowNo: Number(r.rowNo), ...keyProblems('person').meanwhile });
        }
        return result;
      },

      async close(db) {
        await db.execute(sql`DROP TABLE IF EXISTS ${stage}`);
      },
    };
  }

  return {
    columns: personImportColumns,

    /** Checks a batch of rows: each one either valid (with its values, key and place) or its problems. */
    async check(db: Executor, rows: readonly FileRow[]): Promise<{ valid: CheckedRow[]; problems: RowProblem[] }> {
      const gridCodes = new Set<string>();
      const dwellingCodes = new Set<string>();
      for (const r of rows) {
        if (r.cells.dwellingAddressCode) dwellingCodes.add(r.cells.dwellingAddressCode);
        else if (r.cells.gridCode) gridCodes.add(r.cells.gridCode);
      }
      await loadPlaces(db, gridCodes, dwellingCodes);
      const valid: CheckedRow[] = [];
      const problems: RowProblem[] = [];
      for (const r of rows) {
        const mine: Problem[] = [];
        for (const [key, value] of Object.entries(r.cells)) {
          // PostgreSQL text cannot hold U+0000.
          if (value?.includes('\u0000')) mine.push({ field: key, message: 'Contains a NUL character.', messageZh: '含有空字符（NUL）。' });
          const max = lengths[key];
          if (max !== undefined && (value?.length ?? 0) > max)
            mine.push({ field: key, message: `At most ${max} characters.`, messageZh: `不超过 ${max} 个字。` });
        }
        const input = inputOf(r.cells, mine);
        const checked = checkPerson(input, day);
        mine.push(...checked.problems);
        if (checked.values && checked.values.idNumber === null)
          mine.push({
            field: 'idNumber',
            message: 'An imported person needs an ID or document number, to be found again.',
            messageZh: '导入的人员须填写证件号码。',
          });
        let place: CheckedRow['place'] | null = null;
        if (r.cells.dwellingAddressCode) {
          const d = dwellings.get(r.cells.dwellingAddressCode);
          if (d) place = d;
          else mine.push(outsideDwelling);
        } else if (r.cells.gridCode) {
          const g = grids.get(r.cells.gridCode);
          if (g) place = { ...g, dwellingId: null };
          else mine.push(outsideGrid);
        } else {
          mine.push({ field: 'gridCode', message: 'Give the grid code or the dwelling address code.', messageZh: '请填写网格编码或房屋地址编码。' });
        }
        if (mine.length > 0 || !checked.values || !place) {
          for (const p of mine) problems.push({ rowNo: r.rowNo, ...p });
          continue;
        }
        const v = checked.values;
        const kind = idKindOf(v);
        valid.push({ rowNo: r.rowNo, keyHash: ctx.cipher.blindIndex(kind, normalisePersonal(kind, v.idNumber as string)), values: v, place });
      }
      return { valid, problems };
    },

    foreignKeys,

    /**
     * The stored columns of a batch's rows (personal values sealed, hashed and masked): CPU only, so
     * the job does it outside the write transaction, while the previous batch is being written.
     */
    prepare(rows: readonly CheckedRow[]): PreparedRow[] {
      return rows.map((r) => ({
        rowNo: r.rowNo,
        keyHash: r.keyHash,
        values: { ...personColumns(ctx, r.values, initials(r.values.name), r.keyHash), ...r.place },
      }));
    },

    upsert,

    staged: stagedWrites(upsert),
  };
}

type PersonWrite = ReturnType<typeof personColumns> & CheckedRow['place'];

/** A checked row as it will be stored. */
export interface PreparedRow {
  rowNo: number;
  keyHash: string;
  values: PersonWrite;
}

/**
 * The columns of rows to be written, as `unnest` over one array literal per column: a batch is one
 * statement with one parameter per column, whatever its size. `extra` adds columns not in the
 * person keys given (the stage's id and row number).
 */
function unnestOf(
  values: readonly Record<string, unknown>[],
  keys: readonly string[],
  extra: { name: string; type: string; values: readonly (number | string)[] }[] = [],
) {
  const table = getTableColumns(person) as Record<string, PgColumn>;
  const cols = keys.map((k) => table[k] as PgColumn);
  const names = sql.join([...cols.map((c) => sql.identifier(c.name)), ...extra.map((e) => sql.identifier(e.name))], sql`, `);
  const arrays = sql.join(
    [
      ...keys.map((k, i) => sql`${pgArrayLiteral(values.map((v) => v[k] as string | boolean | null))}::${sql.raw((cols[i] as PgColumn).getSQLType())}[]`),
      ...extra.map((e) => sql`${pgArrayLiteral(e.values)}::${sql.raw(e.type)}[]`),
    ],
    sql`, `,
  );
  // In the arrays' order (the file's), each column named as the table's.
  return { cols, names, select: sql`SELECT ${names} FROM unnest(${arrays}) WITH ORDINALITY AS u(${names}, ordinal) ORDER BY ordinal` };
}

/**
 * INSERT … SELECT FROM unnest ON CONFLICT (id_number_hash) DO UPDATE, only where the stored person
 * is inside the writer's jurisdiction.
 */
async function writePersons(tx: Tx, values: readonly PersonWrite[], writable: SQL, now: Date): Promise<{ id: string; hash: string }[]> {
  const { cols, names, select } = unnestOf(values, Object.keys(values[0] as PersonWrite));
  const set = sql.join(
    cols.map((c) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`),
    sql`, `,
  );
  return queryRows<{ id: string; hash: string }>(
    tx,
    sql`INSERT INTO ${person} (${names}) ${select}
      ON CONFLICT (id_number_hash) DO UPDATE SET ${set}, version = ${person.version} + 1, updated_at = ${now.toISOString()}::timestamptz
      WHERE ${writable}
      RETURNING id, id_number_hash AS hash`,
  );
}

export type PersonImporter = ReturnType<typeof personImporter>;

export const registeredElsewhere = {
  field: 'idNumber',
  message: 'A person with this ID number is registered outside your jurisdiction.',
  messageZh: '该证件号码的人员已在您的管辖范围外登记。',
};

/** Whether the new values differ from the stored row in anything but the sealing (a new IV every time). */
function differs(old: PersonRow, values: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(values)) {
    if (key.endsWith('Sealed')) continue;
    if ((old[key as keyof PersonRow] ?? null) !== (value ?? null)) return true;
  }
  return false;
}
