// Importing dwellings (房屋: building → unit → room), so that a city can load its houses before its
// persons (who are placed by a dwelling's address code). Each row names its building by the
// building's address code: the building must be registered and lie where the uploader may write.
// As the API has it (building.service.ts), a dwelling takes its grid and community from its building
// and its address code is the building's, then unit (2 digits) and room (4); the floor comes from a
// room number of 3 or 4 digits unless given, and may not be above the building's top floor. Rows are
// upserted by the dwelling's address code (given, or worked out from building, unit and room).
// The rental flag follows the rental records: a blank cell leaves it as it is, and it cannot be
// cleared while a rental is active. An owner linked to a registered person stays linked while the
// file names them as the record does.
import { sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client.js';
import { pgArrayLiteral } from '../../db/pg-array.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../access/access.js';
import { canWriteAt } from './base-access.js';
import { building, dwelling, rental } from './base.tables.js';
import { BUILDING_CODE_LENGTH, aboveTopFloor, activeRental, floorOfRoom, roomAddress } from './building.service.js';
import { dwellingColumns } from './import-columns.js';
import type { BatchResult, RowProblem } from './import-person.js';
import type { FileRow } from './import-read.js';
import {
  type CellReader,
  type KeyedRow,
  type PreparedRecord,
  type RegistryImporter,
  type RowPlacer,
  checkRows,
  foreignByKey,
  upsertByKey,
} from './import-rows.js';
import type { Problem } from './person-input.js';

/** Where a dwelling lies: its building's place. */
interface DwellingPlace {
  buildingId: string;
  gridCode: string;
  divisionCode: string;
}

interface CheckedDwelling extends KeyedRow {
  values: {
    addressCode: string;
    unitLabel: string;
    roomNo: string;
    floor: number | null;
    use: string;
    areaM2: number | null;
    ownerName: string | null;
    /** Absent when the cell is blank: the flag stays as stored (false for a new dwelling). */
    rental?: boolean;
  } & DwellingPlace;
}

interface StoredBuilding extends DwellingPlace {
  addressCode: string;
  floors: number | null;
}

const lengths: Record<string, number> = { addressCode: 40, buildingAddressCode: 40, unitNo: 10, roomNo: 10, floor: 10, areaM2: 20, ownerName: 100 };

const outsideBuilding: Problem = {
  field: 'buildingAddressCode',
  message: 'No such building in your jurisdiction: register the building first.',
  messageZh: '该楼栋不存在或不在您的管辖范围内，请先登记楼栋。',
};
const renumbered: Problem = {
  field: 'buildingAddressCode',
  message: 'The building was renumbered while the file was imported: import it again.',
  messageZh: '导入期间该楼栋的地址编码已变更，请重新导入。',
};

/**
 * Places rows by their building's address code for one job: the buildings the uploader may write,
 * looked up a batch at a time and kept in a bounded cache (a city has some hundred thousand).
 */
function buildingPlacer(actor: Actor): RowPlacer<DwellingPlace> & { floorsOf(buildingId: string): number | null } {
  let buildings = new Map<string, StoredBuilding | null>();
  const floors = new Map<string, number | null>();
  const codeOf = (r: FileRow) => r.cells.buildingAddressCode ?? null;
  const wellFormed = (code: string) => new RegExp(`^\\d{${BUILDING_CODE_LENGTH}}$`).test(code);

  return {
    async load(db: Executor, rows: readonly FileRow[]): Promise<void> {
      if (buildings.size > 50_000) {
        buildings = new Map();
        floors.clear();
      }
      const missing = [
        ...new Set(
          rows
            .map(codeOf)
            .filter((c): c is string => c !== null && wellFormed(c))
            .filter((c) => !buildings.has(c)),
        ),
      ];
      if (missing.length === 0) return;
      const found = await db
        .select({
          id: building.id,
          addressCode: building.addressCode,
          gridCode: building.gridCode,
          divisionCode: building.divisionCode,
          floors: building.floors,
        })
        .from(building)
        .where(sql`${building.addressCode} = ANY(${pgArrayLiteral(missing)}::text[])`);
      for (const c of missing) buildings.set(c, null);
      for (const b of found) {
        if (!canWriteAt(actor, b.gridCode, b.divisionCode)) continue;
        buildings.set(b.addressCode, { buildingId: b.id, addressCode: b.addressCode, gridCode: b.gridCode, divisionCode: b.divisionCode, floors: b.floors });
        floors.set(b.id, b.floors);
      }
    },

    place(r: FileRow, problems: Problem[]): DwellingPlace | null {
      const code = codeOf(r);
      if (code === null) {
        problems.push({ field: 'buildingAddressCode', message: 'Must not be blank.', messageZh: '不能为空。' });
        return null;
      }
      if (!wellFormed(code)) {
        problems.push({
          field: 'buildingAddressCode',
          message: `Must be the building's address code of ${BUILDING_CODE_LENGTH} digits.`,
          messageZh: `须为楼栋的 ${BUILDING_CODE_LENGTH} 位地址编码。`,
        });
        return null;
      }
      const b = buildings.get(code);
      if (!b) {
        problems.push(outsideBuilding);
        return null;
      }
      return { buildingId: b.buildingId, gridCode: b.gridCode, divisionCode: b.divisionCode };
    },

    floorsOf: (buildingId: string) => floors.get(buildingId) ?? null,
  };
}

/** An area in square metres (above 0, at most 100,000, as the API takes it); blank is null. */
function areaOf(cell: CellReader): number | null {
  const value = cell.optional('areaM2');
  if (value === null) return null;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (n > 0 && n <= 100_000) return n;
  cell.problem({ field: 'areaM2', message: 'Must be a number above 0 and at most 100000.', messageZh: '须为大于 0、不超过 100000 的数字。' });
  return null;
}

/** The keys of rows that set the rental flag to no. */
const cleared = (rows: readonly { keyHash: string; values: object }[]) =>
  rows.filter((r) => (r.values as { rental?: boolean }).rental === false).map((r) => r.keyHash);

/** Of these dwellings' address codes, those of dwellings with an active rental (whose rental flag cannot be cleared). */
async function stillLet(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ addressCode: dwelling.addressCode })
    .from(dwelling)
    .innerJoin(rental, sql`${rental.dwellingId} = ${dwelling.id} and ${rental.status} = 'active'`)
    .where(sql`${dwelling.addressCode} = ANY(${pgArrayLiteral(codes)}::text[])`);
  return new Set(rows.map((r) => r.addressCode));
}

export function dwellingImporter(ctx: AppContext, actor: Actor, importId: string): RegistryImporter<CheckedDwelling, PreparedRecord> {
  const placer = buildingPlacer(actor);

  /**
   * Before the batch is written, in its transaction (again: things may have changed since the check):
   * its buildings locked against a move (the rooms take their grid from them as they are now) and
   * still writable; a rental flag not cleared while a rental is active; an owner linked to a person
   * unlinked when the file names another owner.
   */
  async function settle(tx: Tx, rows: readonly PreparedRecord[]): Promise<{ rows: PreparedRecord[]; refused: RowProblem[] }> {
    const refused: RowProblem[] = [];
    if (rows.length === 0) return { rows: [], refused };
    const ids = [...new Set(rows.map((r) => (r.values as CheckedDwelling['values']).buildingId))];
    const held = await tx
      .select({ id: building.id, addressCode: building.addressCode, gridCode: building.gridCode, divisionCode: building.divisionCode })
      .from(building)
      .where(sql`${building.id} = ANY(${pgArrayLiteral(ids)}::uuid[])`)
      .for('share');
    const buildings = new Map(held.map((b) => [b.id, b]));
    const stored = await tx
      .select({ addressCode: dwelling.addressCode, ownerPersonId: dwelling.ownerPersonId, ownerName: dwelling.ownerName })
      .from(dwelling)
      .where(sql`${dwelling.addressCode} = ANY(${pgArrayLiteral(rows.map((r) => r.keyHash))}::text[])`);
    const owners = new Map(stored.map((d) => [d.addressCode, d]));
    const let_ = await stillLet(tx, cleared(rows));
    const kept: PreparedRecord[] = [];
    for (const r of rows) {
      const v = r.values as CheckedDwelling['values'];
      const b = buildings.get(v.buildingId);
      if (!b || !canWriteAt(actor, b.gridCode, b.divisionCode)) {
        refused.push({ rowNo: r.rowNo, ...outsideBuilding });
        continue;
      }
      if (!r.keyHash.startsWith(b.addressCode)) {
        refused.push({ rowNo: r.rowNo, ...renumbered });
        continue;
      }
      if (let_.has(r.keyHash)) {
        refused.push({ rowNo: r.rowNo, field: 'rental', ...activeRental });
        continue;
      }
      const old = owners.get(r.keyHash);
      const unlinked = old?.ownerPersonId && old.ownerName !== v.ownerName ? { ownerPersonId: null } : {};
      kept.push({ ...r, values: { ...v, ...unlinked, gridCode: b.gridCode, divisionCode: b.divisionCode } });
    }
    return { rows: kept, refused };
  }

  const readRows = checkRows(placer, dwellingColumns, lengths, (cell, place) => {
    const unitNo = cell.integer('unitNo', 0, 99) ?? 0;
    const roomNo = cell.text('roomNo');
    const roomOk = roomNo === '' || /^\d{1,4}$/.test(roomNo);
    if (!roomOk) cell.problem({ field: 'roomNo', message: 'Must be 1 to 4 digits, e.g. 301.', messageZh: '须为 1 至 4 位数字，如 301。' });
    const givenFloor = cell.integer('floor', -5, 200);
    const use = cell.choice('use', { field: 'use', message: 'Give the use of the dwelling.', messageZh: '请填写房屋用途。' });
    const areaM2 = areaOf(cell);
    const ownerName = cell.optional('ownerName');
    const rental = cell.choice('rental');
    const buildingCode = cell.optional('buildingAddressCode');
    if (!place || !buildingCode || roomNo === '' || !roomOk || use === undefined) return null;
    const { unitLabel, addressCode } = roomAddress(buildingCode, unitNo, roomNo);
    const given = cell.optional('addressCode');
    if (given !== null && given !== addressCode)
      cell.problem({
        field: 'addressCode',
        message: "Does not match the building, unit and room: it is the building's address code, then the unit (2 digits) and the room (4 digits).",
        messageZh: '与楼栋、单元号和房间号不符：房屋地址编码为楼栋地址编码加 2 位单元号和 4 位房间号。',
      });
    const floor = givenFloor ?? floorOfRoom(roomNo);
    const top = placer.floorsOf(place.buildingId);
    if (floor !== null && top !== null && floor > top) cell.problem({ field: givenFloor === null ? 'roomNo' : 'floor', ...aboveTopFloor });
    return {
      key: addressCode,
      values: { addressCode, unitLabel, roomNo, floor, use, areaM2, ownerName, ...(rental === undefined ? {} : { rental: rental === 'yes' }) },
    };
  });

  return {
    columns: dwellingColumns,

    check: async (db: Executor, rows: readonly FileRow[]) => {
      const { valid, problems } = await readRows(db, rows);
      // A rental flag cleared while a rental is active is found here too, so that such a file writes nothing in mode 'all'.
      const let_ = await stillLet(db, cleared(valid));
      const kept = valid.filter((v) => !let_.has(v.keyHash));
      for (const v of valid) if (let_.has(v.keyHash)) problems.push({ rowNo: v.rowNo, field: 'rental', ...activeRental });
      return { valid: kept, problems };
    },

    foreignKeys: (db: Executor, codes: readonly string[]) => foreignByKey(db, actor, dwelling, 'addressCode', codes),

    prepare: (rows: readonly CheckedDwelling[]) => rows.map((r) => ({ rowNo: r.rowNo, keyHash: r.keyHash, values: r.values })),

    upsert: async (tx: Tx, rows: readonly PreparedRecord[]): Promise<BatchResult> => {
      const settled = await settle(tx, rows);
      const result = await upsertByKey(tx, { ctx, actor, importId, registry: 'dwelling', table: dwelling, key: 'addressCode', rows: settled.rows });
      return { ...result, refused: [...settled.refused, ...result.refused] };
    },
  };
}
