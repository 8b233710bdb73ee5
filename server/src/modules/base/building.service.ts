// Buildings and their dwellings (以房管人: building → unit → room). A building lies where its point
// is (located to its grid) or in the grid chosen; its address code starts with the code of that
// community. A dwelling takes its grid, community and address code from its building, so moving or
// renumbering a building carries its dwellings, and the rentals, households and residents placed in
// them, along. Every write: base.write, the writer's grid, a history row and an audit row in one
// transaction; reads go through the base gate (registry 'building').
import { type SQL, and, asc, count, eq, inArray, like, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { type PageParams, escapeLike } from '../../lib/http.js';
import { type Actor, requirePermission } from '../access/access.js';
import type { AuditContext } from '../audit/audit.js';
import type { AuditAction } from '../audit/audit-actions.js';
import { canWriteAt, visibleBaseWhere } from './base-access.js';
import { type ChangeRow, type ChangeSource, type FieldChanges, diffShown, historyOf, recordChanges } from './base-history.js';
import { linkedPersons, staleVersion } from './base-links.js';
import { recordBaseWrite, shownFields, writeOf } from './base-records.js';
import { type PlaceInput, type Placement, locateFirst, placeRecord } from './base-place.js';
import { building, dwelling, household, person, rental } from './base.tables.js';
import type { buildingKinds, dwellingUses } from './building.schemas.js';

type BuildingRow = typeof building.$inferSelect;
type DwellingRow = typeof dwelling.$inferSelect;

/** Community (12) + compound or street (3) + building (4); a dwelling adds unit (2) and room (4). */
export const BUILDING_CODE_LENGTH = 19;

export interface BuildingBody {
  name: string;
  address: string;
  addressCode: string;
  kind: (typeof buildingKinds)[number];
  floors?: number | null;
  lng?: number | null;
  lat?: number | null;
  gridCode?: string | null;
}
export type BuildingUpdate = Partial<BuildingBody> & { version: number };

export interface DwellingBody {
  unitNo: number;
  roomNo: string;
  floor?: number | null;
  use: (typeof dwellingUses)[number];
  areaM2?: number | null;
  ownerPersonId?: string | null;
  ownerName?: string | null;
  rental?: boolean;
}
export type DwellingUpdate = Partial<DwellingBody> & { version: number };

export function presentBuilding(r: BuildingRow) {
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    addressCode: r.addressCode,
    gridCode: r.gridCode,
    divisionCode: r.divisionCode,
    kind: r.kind,
    floors: r.floors,
    lng: r.lng,
    lat: r.lat,
    version: r.version,
  };
}

export function presentDwelling(r: DwellingRow) {
  return {
    id: r.id,
    buildingId: r.buildingId,
    addressCode: r.addressCode,
    unitLabel: r.unitLabel,
    floor: r.floor,
    roomNo: r.roomNo,
    use: r.use,
    areaM2: r.areaM2,
    ownerPersonId: r.ownerPersonId,
    ownerName: r.ownerName,
    rental: r.rental,
    gridCode: r.gridCode,
    divisionCode: r.divisionCode,
    version: r.version,
  };
}

/** The fields history compares: the record without its bookkeeping. */
export function baseAudit(action: AuditAction, targetType: string, r: { id: string; divisionCode: string }, fields?: string[]) {
  return { action, targetType, targetId: r.id, divisionCode: r.divisionCode, ...(fields ? { fields } : {}) };
}

export function requireWritable(actor: Actor, r: { gridCode: string; divisionCode: string }): void {
  if (!canWriteAt(actor, r.gridCode, r.divisionCode)) throw errors.forbidden();
}

/** A building's place: its point (located to a grid; a grid also given must hold it) or a chosen grid. */
async function placeBuilding(ctx: AppContext, tx: Tx, actor: Actor, body: PlaceInput): Promise<Placement> {
  const hasLng = body.lng != null;
  if (hasLng !== (body.lat != null))
    throw errors.validation(hasLng ? 'body.lat' : 'body.lng', 'Give both the longitude and the latitude.', '经度和纬度须同时填写。');
  const place = await placeRecord(ctx, tx, actor, { lng: body.lng, lat: body.lat, gridCode: body.gridCode, located: body.located });
  if (hasLng && body.gridCode && !place.gridCode.startsWith(body.gridCode))
    throw errors.validation('body.gridCode', 'The point lies in another grid than the one chosen.', '该位置不在所选网格内。');
  return { gridCode: place.gridCode, divisionCode: place.divisionCode };
}

function checkAddressCode(code: string, place: Placement): void {
  if (code.length !== BUILDING_CODE_LENGTH || !code.startsWith(place.divisionCode))
    throw errors.validation(
      'body.addressCode',
      'The address code must be the 12-digit code of the community the building lies in, then 3 digits for the compound or street and 4 for the building.',
      '地址编码须为楼栋所在社区的 12 位代码，加 3 位小区（街路巷）码和 4 位楼栋码。',
    );
}

const takenCode = () => errors.conflict('body.addressCode', 'Another building has this address code.', '该地址编码已被其他楼栋使用。');

export async function createBuilding(ctx: AppContext, auditCtx: AuditContext, actor: Actor, body: BuildingBody, source: ChangeSource = 'api') {
  requirePermission(actor, 'base.write');
  const located = await locateFirst(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const place = await placeBuilding(ctx, tx, actor, located);
    checkAddressCode(body.addressCode, place);
    const [created] = await tx
      .insert(building)
      .values({
        ...place,
        addressCode: body.addressCode,
        name: body.name.trim(),
        address: body.address.trim(),
        kind: body.kind,
        floors: body.floors ?? null,
        lng: body.lng ?? null,
        lat: body.lat ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) throw takenCode();
    await recordBaseWrite(tx, auditCtx, actor, writeOf('building', created, 'create', diffShown({}, shownFields(created)), 'base.building.create'), source);
    return created;
  });
  return { ...presentBuilding(row), dwellings: 0, updatedAt: row.updatedAt.toISOString() };
}

export async function findBuilding(db: Executor, ctx: AppContext, actor: Actor, id: string, lock = false): Promise<BuildingRow> {
  const q = db
    .select()
    .from(building)
    .where(and(eq(building.id, id), visibleBaseWhere(actor, 'building', building, ctx.now())))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw errors.notFound('building');
  return row;
}

// Qualified by table name: in a select from one table drizzle writes columns bare, and a bare "id"
// inside the subquery would be the dwelling's own (every building would count 0 rooms).
const dwellingCount =
  sql<number>`(select count(*) from ${dwelling} where ${dwelling}.${sql.identifier(dwelling.buildingId.name)} = ${building}.${sql.identifier(building.id.name)})`.mapWith(
    Number,
  );

export async function updateBuilding(ctx: AppContext, auditCtx: AuditContext, actor: Actor, id: string, body: BuildingUpdate) {
  requirePermission(actor, 'base.write');
  const located = await locateFirst(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await findBuilding(tx, ctx, actor, id, true);
    if (before.version !== body.version) throw staleVersion('building', '楼栋');
    requireWritable(actor, before);
    // A move states the new place in full: a point, or a grid (the old point is then dropped).
    const moved = body.lng !== undefined || body.lat !== undefined || body.gridCode !== undefined;
    const place = moved ? await placeBuilding(ctx, tx, actor, located) : { gridCode: before.gridCode, divisionCode: before.divisionCode };
    const addressCode = body.addressCode ?? before.addressCode;
    checkAddressCode(addressCode, place);
    if (addressCode !== before.addressCode) {
      const [taken] = await tx.select({ id: building.id }).from(building).where(eq(building.addressCode, addressCode)).limit(1);
      if (taken) throw takenCode();
    }
    const [after] = await tx
      .update(building)
      .set({
        ...place,
        addressCode,
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.address !== undefined ? { address: body.address.trim() } : {}),
        ...(body.kind !== undefined ? { kind: body.kind } : {}),
        ...(body.floors !== undefined ? { floors: body.floors } : {}),
        ...(moved ? { lng: body.lng ?? null, lat: body.lat ?? null } : {}),
        version: before.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(building.id, id))
      .returning();
    const r = after as BuildingRow;
    await recordBaseWrite(tx, auditCtx, actor, writeOf('building', r, 'update', diffShown(shownFields(before), shownFields(r)), 'base.building.update'));
    await carryAlong(tx, ctx, actor, before, r);
    return r;
  });
  const [n] = await ctx.db.select({ n: count() }).from(dwelling).where(eq(dwelling.buildingId, id));
  return { ...presentBuilding(row), dwellings: n?.n ?? 0, updatedAt: row.updatedAt.toISOString() };
}

/**
 * A building moved to another grid or renumbered: its dwellings follow (grid, community, the code's
 * building part), and so do the rentals, households and residents placed in them, each with its
 * history row (made by an edit, or by the import `how` names).
 */
export async function carryAlong(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  before: BuildingRow,
  after: BuildingRow,
  how: { source: ChangeSource; importId?: string } = { source: 'api' },
): Promise<void> {
  const regridded = before.gridCode !== after.gridCode || before.divisionCode !== after.divisionCode;
  if (!regridded && before.addressCode === after.addressCode) return;
  const now = ctx.now();
  const placeChange: FieldChanges = regridded
    ? { gridCode: { from: before.gridCode, to: after.gridCode }, divisionCode: { from: before.divisionCode, to: after.divisionCode } }
    : {};
  const rows: ChangeRow[] = [];
  const note = (entity: ChangeRow['entity'], moved: { id: string }[], extra: (id: string) => ChangeRow['changes'] = () => ({})) => {
    for (const m of moved)
      rows.push({
        entity,
        entityId: m.id,
        divisionCode: after.divisionCode,
        action: 'update',
        source: how.source,
        changes: { ...placeChange, ...extra(m.id) },
        actorId: actor.userId,
        importId: how.importId ?? null,
      });
  };
  const beforeCodes = await tx.select({ id: dwelling.id, addressCode: dwelling.addressCode }).from(dwelling).where(eq(dwelling.buildingId, after.id));
  const oldCode = new Map(beforeCodes.map((d) => [d.id, d.addressCode]));
  const dwellings = await tx
    .update(dwelling)
    .set({
      gridCode: after.gridCode,
      divisionCode: after.divisionCode,
      addressCode: sql`${after.addressCode} || substr(${dwelling.addressCode}, ${BUILDING_CODE_LENGTH + 1})`,
      version: sql`${dwelling.version} + 1`,
      updatedAt: now,
    })
    .where(eq(dwelling.buildingId, after.id))
    .returning({ id: dwelling.id, addressCode: dwelling.addressCode });
  const newCode = new Map(dwellings.map((d) => [d.id, d.addressCode]));
  note(
    'dwelling',
    dwellings,
    (id): FieldChanges => (oldCode.get(id) === newCode.get(id) ? {} : { addressCode: { from: oldCode.get(id), to: newCode.get(id) } }),
  );
  if (regridded && dwellings.length > 0) {
    const ids = dwellings.map((d) => d.id);
    const moved = { gridCode: after.gridCode, divisionCode: after.divisionCode, updatedAt: now };
    note('rental', await tx.update(rental).set(moved).where(inArray(rental.dwellingId, ids)).returning({ id: rental.id }));
    note('household', await tx.update(household).set(moved).where(inArray(household.dwellingId, ids)).returning({ id: household.id }));
    note(
      'person',
      await tx
        .update(person)
        .set({ ...moved, version: sql`${person.version} + 1` })
        .where(inArray(person.dwellingId, ids))
        .returning({ id: person.id }),
    );
  }
  await recordChanges(tx, rows);
}

export interface BuildingQuery {
  q?: string;
  divisionCode?: string;
  gridCode?: string;
  kind?: string;
}

/** The buildings a list (or an export) with these filters shows: the gate first, then the filters. */
export function buildingListWhere(ctx: AppContext, actor: Actor, query: BuildingQuery): SQL | undefined {
  const contains = query.q ? `%${escapeLike(query.q.trim())}%` : null;
  return and(
    visibleBaseWhere(actor, 'building', building, ctx.now()),
    contains ? (or(like(building.name, contains), like(building.address, contains)) as SQL) : undefined,
    query.divisionCode ? like(building.divisionCode, `${escapeLike(query.divisionCode.replace(/0+$/, ''))}%`) : undefined,
    query.gridCode ? like(building.gridCode, `${escapeLike(query.gridCode)}%`) : undefined,
    query.kind ? eq(building.kind, query.kind) : undefined,
  );
}

export async function listBuildings(ctx: AppContext, actor: Actor, query: BuildingQuery, page: PageParams) {
  requirePermission(actor, 'base.read');
  const where = buildingListWhere(ctx, actor, query);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ b: building, dwellings: dwellingCount })
      .from(building)
      .where(where)
      .orderBy(asc(building.addressCode))
      .limit(page.pageSize)
      .offset(page.offset),
    ctx.db.select({ n: count() }).from(building).where(where),
  ]);
  return {
    items: rows.map(({ b, dwellings }) => ({ ...presentBuilding(b), dwellings, updatedAt: b.updatedAt.toISOString() })),
    total: total?.n ?? 0,
    page: page.page,
    pageSize: page.pageSize,
  };
}

export async function getBuilding(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  const b = await findBuilding(ctx.db, ctx, actor, id);
  const [[n], history] = await Promise.all([
    ctx.db.select({ n: count() }).from(dwelling).where(eq(dwelling.buildingId, id)),
    historyOf(ctx.db, 'building', id),
  ]);
  return { ...presentBuilding(b), dwellings: n?.n ?? 0, updatedAt: b.updatedAt.toISOString(), history };
}

/** 3 or 4 digits: the floor is all but the last two (301 → 3, 1502 → 15). */
export function floorOfRoom(roomNo: string): number | null {
  return roomNo.length >= 3 ? Number(roomNo.slice(0, -2)) : null;
}

/** A room's label and address code in its building: the building's code, then unit (2) and room (4); unit 0 is no unit. */
export function roomAddress(buildingCode: string, unitNo: number, roomNo: string): { unitLabel: string; addressCode: string } {
  return {
    unitLabel: unitNo > 0 ? `${unitNo}单元` : '',
    addressCode: `${buildingCode}${String(unitNo).padStart(2, '0')}${roomNo.padStart(4, '0')}`,
  };
}

export const aboveTopFloor = { message: 'The floor is above the top floor of the building.', messageZh: '楼层高于楼栋的总层数。' };
export const activeRental = { message: 'The dwelling has an active rental: end the rental first.', messageZh: '该房屋有在租登记，请先结束租赁。' };

function dwellingPlace(b: BuildingRow, unitNo: number, roomNo: string, floor: number | null | undefined, floorField: 'floor' | 'roomNo') {
  const f = floor ?? floorOfRoom(roomNo);
  if (f !== null && b.floors !== null && f > b.floors) throw errors.validation(`body.${floorField}`, aboveTopFloor.message, aboveTopFloor.messageZh);
  const { unitLabel, addressCode } = roomAddress(b.addressCode, unitNo, roomNo);
  return { unitLabel, roomNo, floor: f, addressCode };
}

const takenRoom = () => errors.conflict('body.roomNo', 'This unit already has a room with this number.', '该单元已有此房间号。');

async function ownerOf(tx: Tx, ctx: AppContext, actor: Actor, body: Pick<DwellingBody, 'ownerPersonId' | 'ownerName'>) {
  if (body.ownerPersonId) {
    const owner = (await linkedPersons(tx, ctx, actor, [body.ownerPersonId], 'ownerPersonId')).get(body.ownerPersonId);
    return { ownerPersonId: body.ownerPersonId, ownerName: owner?.name ?? null };
  }
  return { ownerPersonId: null, ownerName: body.ownerName?.trim() || null };
}

export async function createDwelling(
  ctx: AppContext,
  auditCtx: AuditContext,
  actor: Actor,
  buildingId: string,
  body: DwellingBody,
  source: ChangeSource = 'api',
) {
  requirePermission(actor, 'base.write');
  const row = await ctx.db.transaction(async (tx) => {
    const b = await findBuilding(tx, ctx, actor, buildingId);
    requireWritable(actor, b);
    const [created] = await tx
      .insert(dwelling)
      .values({
        buildingId,
        gridCode: b.gridCode,
        divisionCode: b.divisionCode,
        ...dwellingPlace(b, body.unitNo, body.roomNo, body.floor, body.floor == null ? 'roomNo' : 'floor'),
        use: body.use,
        areaM2: body.areaM2 ?? null,
        ...(await ownerOf(tx, ctx, actor, body)),
        rental: body.rental ?? false,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) throw takenRoom();
    await recordBaseWrite(tx, auditCtx, actor, writeOf('dwelling', created, 'create', diffShown({}, shownFields(created)), 'base.dwelling.create'), source);
    return created;
  });
  return presentDwelling(row);
}

export interface DwellingQuery {
  q?: string;
  buildingId?: string;
  divisionCode?: string;
  gridCode?: string;
  rental?: boolean;
}

/**
 * The dwellings a list (or an export) with these filters shows: the gate, then the filters. `q` finds
 * a room across buildings: an address code (its beginning: twelve digits or more), or words, each
 * one in the building's name or address or the unit's label, the last one the room number when
 * there are several ("铁西小区1号楼 1单元 302"); a single word is a building's or a room number.
 * Reads dwelling joined to its building.
 */
export function dwellingListWhere(ctx: AppContext, actor: Actor, query: DwellingQuery): SQL | undefined {
  const q = query.q?.trim();
  let text: SQL | undefined;
  if (q && /^\d{12,}$/.test(q)) text = like(dwelling.addressCode, `${escapeLike(q)}%`);
  else if (q) {
    const words = q.split(/\s+/);
    const inBuilding = (w: string) => or(like(building.name, `%${escapeLike(w)}%`), like(building.address, `%${escapeLike(w)}%`));
    const last = words.pop() as string;
    text =
      words.length === 0
        ? or(inBuilding(last), eq(dwelling.roomNo, last))
        : and(eq(dwelling.roomNo, last), ...words.map((w) => or(inBuilding(w), eq(dwelling.unitLabel, w))));
  }
  return and(
    visibleBaseWhere(actor, 'building', dwelling, ctx.now()),
    text,
    query.buildingId ? eq(dwelling.buildingId, query.buildingId) : undefined,
    query.divisionCode ? like(dwelling.divisionCode, `${escapeLike(query.divisionCode.replace(/0+$/, ''))}%`) : undefined,
    query.gridCode ? like(dwelling.gridCode, `${escapeLike(query.gridCode)}%`) : undefined,
    query.rental === undefined ? undefined : eq(dwelling.rental, query.rental),
  );
}

/** Dwellings in the reader's jurisdiction by address code, each with its building's name. */
export async function listDwellings(ctx: AppContext, actor: Actor, query: DwellingQuery, page: PageParams) {
  requirePermission(actor, 'base.read');
  const where = dwellingListWhere(ctx, actor, query);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ d: dwelling, buildingName: building.name })
      .from(dwelling)
      .innerJoin(building, eq(building.id, dwelling.buildingId))
      .where(where)
      .orderBy(asc(dwelling.addressCode))
      .limit(page.pageSize)
      .offset(page.offset),
    ctx.db.select({ n: count() }).from(dwelling).innerJoin(building, eq(building.id, dwelling.buildingId)).where(where),
  ]);
  // Without the owner: a person's name beside a room's address code is where that person lives (the
  // building view and the room's own record show it, to those who open them).
  const items = rows.map((r) => {
    const { ownerPersonId: _id, ownerName: _name, ...room } = presentDwelling(r.d);
    return { ...room, buildingName: r.buildingName };
  });
  return {
    items,
    total: total?.n ?? 0,
    page: page.page,
    pageSize: page.pageSize,
  };
}

export async function findDwelling(db: Executor, ctx: AppContext, actor: Actor, id: string, lock = false): Promise<DwellingRow> {
  const q = db
    .select()
    .from(dwelling)
    .where(and(eq(dwelling.id, id), visibleBaseWhere(actor, 'building', dwelling, ctx.now())))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw errors.notFound('dwelling');
  return row;
}

/** Whether a dwelling has a rental that is still running. */
export async function hasActiveRental(db: Executor, dwellingId: string): Promise<boolean> {
  const [r] = await db
    .select({ id: rental.id })
    .from(rental)
    .where(and(eq(rental.dwellingId, dwellingId), eq(rental.status, 'active')))
    .limit(1);
  return r !== undefined;
}

export async function getDwelling(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  const d = await findDwelling(ctx.db, ctx, actor, id);
  return { ...presentDwelling(d), history: await historyOf(ctx.db, 'dwelling', id) };
}

export async function updateDwelling(ctx: AppContext, auditCtx: AuditContext, actor: Actor, id: string, body: DwellingUpdate) {
  requirePermission(actor, 'base.write');
  const row = await ctx.db.transaction(async (tx) => {
    const before = await findDwelling(tx, ctx, actor, id, true);
    if (before.version !== body.version) throw staleVersion('dwelling', '房屋');
    requireWritable(actor, before);
    const [b] = await tx.select().from(building).where(eq(building.id, before.buildingId));
    const unitNo = body.unitNo ?? Number(before.unitLabel.replace(/\D/g, '') || 0);
    const roomNo = body.roomNo ?? before.roomNo;
    const renumbered = body.unitNo !== undefined || body.roomNo !== undefined;
    const floor = body.floor !== undefined ? body.floor : renumbered ? null : before.floor;
    const place = dwellingPlace(b as BuildingRow, unitNo, roomNo, floor, body.floor == null ? 'roomNo' : 'floor');
    if (place.addressCode !== before.addressCode) {
      const [taken] = await tx.select({ id: dwelling.id }).from(dwelling).where(eq(dwelling.addressCode, place.addressCode)).limit(1);
      if (taken) throw takenRoom();
    }
    if (body.rental === false && (await hasActiveRental(tx, id))) throw errors.validation('body.rental', activeRental.message, activeRental.messageZh);
    const owner = body.ownerPersonId !== undefined || body.ownerName !== undefined ? await ownerOf(tx, ctx, actor, body) : {};
    const [after] = await tx
      .update(dwelling)
      .set({
        ...place,
        ...owner,
        ...(body.use !== undefined ? { use: body.use } : {}),
        ...(body.areaM2 !== undefined ? { areaM2: body.areaM2 } : {}),
        ...(body.rental !== undefined ? { rental: body.rental } : {}),
        version: before.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(dwelling.id, id))
      .returning();
    const r = after as DwellingRow;
    await recordBaseWrite(tx, auditCtx, actor, writeOf('dwelling', r, 'update', diffShown(shownFields(before), shownFields(r)), 'base.dwelling.update'));
    return r;
  });
  return presentDwelling(row);
}
