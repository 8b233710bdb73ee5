// Importing buildings (楼栋): each row checked by the API's rules (building.schemas.ts and
// building.service.ts: 19-digit address code starting with the community the building lies in),
// placed by its point (located to its grid while the batch is checked) or by a grid code the
// uploader may write, and upserted by its address code. A building moved to another grid by the file
// carries its dwellings and what lies in them along, as an edit does. Rooms are not imported: the
// template has no columns for them.
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import type { Actor } from '../access/access.js';
import { building } from './base.tables.js';
import { BUILDING_CODE_LENGTH, carryAlong } from './building.service.js';
import { buildingColumns } from './import-columns.js';
import { type KeyedRow, type PreparedRecord, type RegistryImporter, type RowPlace, foreignByKey, rowChecker, upsertByKey } from './import-rows.js';

interface CheckedBuilding extends KeyedRow {
  values: { addressCode: string; name: string; address: string; kind: string; floors: number | null } & RowPlace;
}

const lengths: Record<string, number> = { name: 100, address: 200, gridCode: 40, lng: 30, lat: 30, addressCode: 40, floors: 10 };

export function buildingImporter(ctx: AppContext, actor: Actor, importId: string): RegistryImporter<CheckedBuilding, PreparedRecord> {
  return {
    columns: buildingColumns,

    check: rowChecker(ctx, actor, buildingColumns, lengths, (cell, place) => {
      const addressCode = cell.text('addressCode');
      const name = cell.text('name');
      const address = cell.text('address');
      const kind = cell.choice('kind', { field: 'kind', message: 'Give the kind of building.', messageZh: '请填写楼栋类型。' });
      const floors = cell.integer('floors', 1, 200);
      if (addressCode && (!new RegExp(`^\\d{${BUILDING_CODE_LENGTH}}$`).test(addressCode) || (place && !addressCode.startsWith(place.divisionCode))))
        cell.problem({
          field: 'addressCode',
          message:
            'The address code must be the 12-digit code of the community the building lies in, then 3 digits for the compound or street and 4 for the building.',
          messageZh: '地址编码须为楼栋所在社区的 12 位代码，加 3 位小区（街路巷）码和 4 位楼栋码。',
        });
      return kind === undefined ? null : { key: addressCode, values: { addressCode, name, address, kind, floors } };
    }),

    foreignKeys: (db: Executor, codes: readonly string[]) => foreignByKey(db, actor, building, 'addressCode', codes),

    prepare: (rows: readonly CheckedBuilding[]) => rows.map((r) => ({ rowNo: r.rowNo, keyHash: r.keyHash, values: r.values })),

    upsert: (tx: Tx, rows: readonly PreparedRecord[]) =>
      upsertByKey(tx, {
        ctx,
        actor,
        importId,
        registry: 'building',
        table: building,
        key: 'addressCode',
        rows,
        moved: (before, after) =>
          carryAlong(tx, ctx, actor, before as typeof building.$inferSelect, after as typeof building.$inferSelect, { source: 'import', importId }),
      }),
  };
}
