// Handling units (承办单位): functional departments (Art. 5) and their sub-units, the grid centres of
// each level, town offices and the social organisations of Art. 6: whoever a case can be routed to,
// and whom accounts belong to. A centre registers and changes the units of its own subtree; it sees
// the units above it too (a district routes cases to city departments), but does not change them.
import { type SQL, and, asc, eq, like, sql } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { errors, AppError } from '../../lib/errors.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { type DivisionLevel, divisionLevel, divisionPrefix, normalizeDivisionCode } from '../territory/division-code.js';
import { findDivision } from '../territory/division.store.js';
import { division } from '../territory/territory.tables.js';
import { type Actor, unitSubtree, visibleDepartmentsWhere, visibleDivisionsWhere } from './access.js';
import { department } from './access.tables.js';
import type { CreateUnitBody, UnitKind, UpdateUnitBody } from './unit.schemas.js';

export type UnitRow = typeof department.$inferSelect;

/** The division levels (1 city, 2 district, 3 town) each kind of unit may serve. */
export const unitLevels: Record<UnitKind, readonly DivisionLevel[]> = {
  department: [1, 2],
  subUnit: [1, 2, 3],
  centre: [1, 2, 3],
  townOffice: [3],
  socialOrganisation: [1, 2, 3],
};

const kindNames: Record<UnitKind, { zh: string; en: string }> = {
  department: { zh: '职能部门', en: 'department' },
  subUnit: { zh: '下属单位', en: 'sub-unit' },
  centre: { zh: '网格化服务管理中心', en: 'centre' },
  townOffice: { zh: '镇街科室', en: 'town office' },
  socialOrganisation: { zh: '社会组织', en: 'social organisation' },
};
const levelNames: Record<number, { zh: string; en: string }> = {
  1: { zh: '市', en: 'the city' },
  2: { zh: '区（市）', en: 'a district' },
  3: { zh: '镇（街道）', en: 'a town' },
};

function present(row: UnitRow, divisionName: string) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as UnitKind,
    parentId: row.parentId,
    divisionCode: row.divisionCode,
    divisionName,
    disabled: row.disabled,
  };
}
export type Unit = ReturnType<typeof present>;

async function selectUnits(db: Executor, where: SQL | undefined) {
  const rows = await db
    .select({ unit: department, divisionName: division.name })
    .from(department)
    .innerJoin(division, eq(division.code, department.divisionCode))
    .where(where)
    .orderBy(asc(department.divisionCode), asc(department.kind), asc(department.code));
  return rows.map((r) => present(r.unit, r.divisionName));
}

export async function listUnits(ctx: AppContext, actor: Actor, q: { kind?: UnitKind; divisionCode?: string }) {
  const code = q.divisionCode ? normalizeDivisionCode(q.divisionCode) : undefined;
  const items = await selectUnits(
    ctx.db,
    and(
      visibleDepartmentsWhere(actor),
      q.kind ? eq(department.kind, q.kind) : undefined,
      code ? like(department.divisionCode, `${divisionPrefix(code)}%`) : undefined,
    ),
  );
  return { items };
}

/** A unit the actor may see, or undefined. */
export async function findVisibleUnit(db: Executor, actor: Actor, id: string): Promise<UnitRow | undefined> {
  const [row] = await db
    .select()
    .from(department)
    .where(and(eq(department.id, id), visibleDepartmentsWhere(actor)));
  return row;
}

const notYours = () =>
  new AppError(
    403,
    'forbidden',
    'This unit serves a division above yours: the centre of that division manages it.',
    '该单位属于上级行政区划，由上级中心管理。',
  );

/** The division must lie in the actor's own subtree (not merely be visible above it) and suit the kind. */
async function checkDivision(db: Executor, actor: Actor, kind: UnitKind, code: string): Promise<void> {
  const inJurisdiction = code.startsWith(actor.divisionPrefix) && (await findDivision(db, visibleDivisionsWhere(actor), code));
  if (!inJurisdiction) throw errors.validation('body.divisionCode', 'No such division in your jurisdiction.', '您的管辖范围内没有该行政区划。');
  const levels = unitLevels[kind];
  if (!levels.includes(divisionLevel(code))) {
    const where = levels.map((l) => levelNames[l] as { zh: string; en: string });
    throw errors.validation(
      'body.divisionCode',
      `A ${kindNames[kind].en} serves ${where.map((w) => w.en).join(' or ')}.`,
      `${kindNames[kind].zh}须属于${where.map((w) => w.zh).join('或')}。`,
    );
  }
}

/** The parent of a sub-unit: visible, and serving the sub-unit's division or one above it. */
async function checkParent(db: Executor, actor: Actor, parentId: string, divisionCode: string): Promise<UnitRow> {
  const parent = await findVisibleUnit(db, actor, parentId);
  if (!parent) throw errors.validation('body.parentId', 'No such unit.', '上级单位不存在。');
  if (!divisionCode.startsWith(divisionPrefix(parent.divisionCode))) {
    throw errors.validation(
      'body.parentId',
      "A sub-unit serves its parent unit's division or a division inside it.",
      '下属单位须属于上级单位所在行政区划或其下级区划。',
    );
  }
  return parent;
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw errors.validation('body.name', 'The name must not be blank.', '名称不能为空。');
  return trimmed;
}

export async function createUnit(ctx: AppContext, audit: AuditContext, actor: Actor, body: Static<typeof CreateUnitBody>) {
  const name = cleanName(body.name);
  await checkDivision(ctx.db, actor, body.kind, body.divisionCode);
  if (body.kind === 'subUnit') {
    if (!body.parentId) throw errors.validation('body.parentId', 'A sub-unit needs its parent unit.', '下属单位须指定上级单位。');
    await checkParent(ctx.db, actor, body.parentId, body.divisionCode);
  } else if (body.parentId) {
    throw errors.validation('body.parentId', 'Only a sub-unit has a parent unit.', '只有下属单位可以指定上级单位。');
  }
  const row = await ctx.db.transaction(async (tx) => {
    if (body.kind === 'centre') {
      // At most one centre per division; serialised so that two requests cannot both pass the check.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`unit:centre:${body.divisionCode}`}))`);
      const [existing] = await tx
        .select({ name: department.name })
        .from(department)
        .where(and(eq(department.kind, 'centre'), eq(department.divisionCode, body.divisionCode)));
      if (existing) {
        throw errors.conflict(
          'body.divisionCode',
          `This division has its centre already (${existing.name}).`,
          `该行政区划已有网格化服务管理中心（${existing.name}）。`,
        );
      }
    }
    const [inserted] = await tx
      .insert(department)
      .values({ code: body.code, name, kind: body.kind, divisionCode: body.divisionCode, parentId: body.parentId ?? null })
      .onConflictDoNothing({ target: department.code })
      .returning();
    if (!inserted) throw errors.conflict('body.code', 'This unit code is taken.', '该单位编码已被使用。');
    await recordAudit(tx, audit, {
      action: 'unit.create',
      targetType: 'unit',
      targetId: inserted.id,
      divisionCode: inserted.divisionCode,
      fields: Object.keys(body),
      detail: body.kind,
    });
    return inserted;
  });
  return (await selectUnits(ctx.db, eq(department.id, row.id)))[0] as Unit;
}

/** Moving `id` under `parentId` must not put it under itself. */
async function wouldCycle(tx: Tx, id: string, parentId: string): Promise<boolean> {
  const [hit] = await tx
    .select({ id: department.id })
    .from(department)
    .where(and(eq(department.id, parentId), sql`${department.id} IN ${unitSubtree(id)}`));
  return hit !== undefined;
}

export async function updateUnit(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, changes: Static<typeof UpdateUnitBody>) {
  const current = await findVisibleUnit(ctx.db, actor, id);
  if (!current) throw errors.notFound('unit');
  if (!current.divisionCode.startsWith(actor.divisionPrefix)) throw notYours();
  const name = changes.name === undefined ? undefined : cleanName(changes.name);
  if (changes.parentId !== undefined) {
    if (current.kind !== 'subUnit') throw errors.validation('body.parentId', 'Only a sub-unit has a parent unit.', '只有下属单位可以指定上级单位。');
    await checkParent(ctx.db, actor, changes.parentId, current.divisionCode);
  }
  await ctx.db.transaction(async (tx) => {
    if (changes.parentId !== undefined) {
      // Moves are serialised: two moves at once could otherwise close a loop between them.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('unit:tree'))`);
      if (await wouldCycle(tx, id, changes.parentId)) {
        throw errors.validation('body.parentId', 'A unit cannot be placed under itself or one of its own sub-units.', '不能将单位设为自身或其下属单位的下级。');
      }
    }
    await tx
      .update(department)
      .set({
        ...(name === undefined ? {} : { name }),
        ...(changes.disabled === undefined ? {} : { disabled: changes.disabled }),
        ...(changes.parentId === undefined ? {} : { parentId: changes.parentId }),
      })
      .where(eq(department.id, id));
    await recordAudit(tx, audit, {
      action: 'unit.update',
      targetType: 'unit',
      targetId: id,
      divisionCode: current.divisionCode,
      fields: Object.keys(changes),
      ...(changes.disabled === undefined ? {} : { detail: changes.disabled ? 'disabled' : 'enabled' }),
    });
  });
  return (await selectUnits(ctx.db, eq(department.id, id)))[0] as Unit;
}
