// Accounts: who may see and manage whom, within their jurisdiction and below their own level.
import { and, eq } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import { type PageParams, parseSort } from '../../lib/http.js';
import { passwordProblem } from '../../lib/password.js';
import { maskPhone } from '../../lib/phone.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { divisionLevel, divisionPrefix, normalizeDivisionCode } from '../territory/division-code.js';
import { findDivision } from '../territory/division.store.js';
import { type Actor, visibleDepartmentsWhere, visibleDivisionsWhere, visibleUsersWhere } from './access.js';
import { appUser, department } from './access.tables.js';
import { type Role, canManageRole, roleScope, roleNames } from './roles.js';
import { gridCodesOf, revokeAllSessions } from './session.store.js';
import type { CreateUserBody, UpdateUserBody } from './user.schemas.js';
import { presentUserDetail, presentUserSummary } from './user.presenter.js';
import { type UserRow, type UserSortField, findUser, listUsers, replaceUserGrids, usernameTaken } from './user.store.js';

export interface UserListParams {
  sort?: string;
  q?: string;
  role?: string;
  divisionCode?: string;
  disabled?: boolean;
}

export async function listVisibleUsers(ctx: AppContext, actor: Actor, params: UserListParams, page: PageParams) {
  const divisionCode = params.divisionCode ? normalizeDivisionCode(params.divisionCode) : undefined;
  const { rows, total } = await listUsers(
    ctx.db,
    visibleUsersWhere(actor),
    { q: params.q, role: params.role, disabled: params.disabled, divisionPrefix: divisionCode ? divisionPrefix(divisionCode) : undefined },
    parseSort<UserSortField>(params.sort, 'username'),
    page,
  );
  const now = ctx.now();
  return { items: rows.map((r) => presentUserSummary(r, now)), total, page: page.page, pageSize: page.pageSize };
}

async function visibleUser(ctx: AppContext, actor: Actor, id: string): Promise<UserRow> {
  const row = await findUser(ctx.db, visibleUsersWhere(actor), id);
  if (!row) throw errors.notFound('user');
  return row;
}

/** One account in full. Showing the phone in full is a personal-data read, audited in the same transaction. */
export async function getUser(ctx: AppContext, audit: AuditContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await findUser(tx, visibleUsersWhere(actor), id);
    if (!row) throw errors.notFound('user');
    const phone = row.user.phoneEncrypted ? ctx.cipher.decrypt(row.user.phoneEncrypted) : null;
    if (phone !== null) {
      await recordAudit(tx, audit, { action: 'user.personal.read', targetType: 'user', targetId: id, divisionCode: row.user.divisionCode, fields: ['phone'] });
    }
    return presentUserDetail(row, ctx.now(), phone, await gridCodesOf(tx, id));
  });
}

function requireManageable(actor: Actor, role: Role): void {
  if (!canManageRole(actor.role, role)) throw errors.forbidden();
}

type NewUser = Static<typeof CreateUserBody>;

/** The kinds of handling unit whose staff hold the department role. */
const staffUnitKinds = ['department', 'subUnit', 'townOffice', 'socialOrganisation'];
const centreRoles: readonly Role[] = ['cityCentre', 'districtCentre', 'townCentre'];

/**
 * An account's unit: a department account needs one (a department, sub-unit, town office or social
 * organisation, Art. 6) and works in its division; a centre account may name its own centre; other
 * accounts belong to none.
 */
async function checkUnit(ctx: AppContext, actor: Actor, body: NewUser): Promise<void> {
  const staff = roleScope[body.role].kind === 'department';
  const centre = centreRoles.includes(body.role);
  if (!body.departmentId) {
    if (staff) throw errors.validation('body.departmentId', 'A department account needs its unit.', '部门账号须指定所属单位。');
    return;
  }
  if (!staff && !centre) {
    throw errors.validation('body.departmentId', 'Only department and centre accounts belong to a unit.', '只有部门账号和中心账号可以指定所属单位。');
  }
  const [unit] = await ctx.db
    .select({ divisionCode: department.divisionCode, kind: department.kind, disabled: department.disabled })
    .from(department)
    .where(and(eq(department.id, body.departmentId), visibleDepartmentsWhere(actor)));
  if (!unit) throw errors.validation('body.departmentId', 'No such unit in your jurisdiction.', '您的管辖范围内没有该单位。');
  if (unit.disabled) throw errors.validation('body.departmentId', 'This unit is disabled.', '该单位已停用。');
  if (staff && !staffUnitKinds.includes(unit.kind)) {
    throw errors.validation(
      'body.departmentId',
      'A department account belongs to a department, a sub-unit, a town office or a social organisation.',
      '部门账号须属于职能部门、下属单位、镇街科室或社会组织。',
    );
  }
  if (centre && unit.kind !== 'centre') {
    throw errors.validation('body.departmentId', 'A centre account belongs to a centre.', '中心账号只能属于网格化服务管理中心。');
  }
  if (unit.divisionCode !== body.divisionCode) {
    throw errors.validation('body.divisionCode', "The account's division must be its unit's division.", '账号所属区划须与所属单位的区划一致。');
  }
}

/** Checks that the account's home division, department and grids fit its role and the actor's jurisdiction. */
async function checkPlacement(ctx: AppContext, actor: Actor, body: NewUser): Promise<void> {
  const scope = roleScope[body.role];
  const level = divisionLevel(body.divisionCode);
  // Inside the actor's own subtree: the divisions above it are visible but not theirs to staff.
  const inJurisdiction = body.divisionCode.startsWith(actor.divisionPrefix) && (await findDivision(ctx.db, visibleDivisionsWhere(actor), body.divisionCode));
  if (!inJurisdiction) {
    throw errors.validation('body.divisionCode', 'No such division in your jurisdiction.', '您的管辖范围内没有该行政区划。');
  }
  if (!scope.levels.includes(level)) {
    throw errors.validation(
      'body.divisionCode',
      `A ${roleNames[body.role].en} account belongs to a division of level ${scope.levels.join(' or ')}.`,
      `${roleNames[body.role].zh}账号须属于第 ${scope.levels.join(' 或 ')} 级行政区划。`,
    );
  }
  await checkUnit(ctx, actor, body);
  if (scope.kind === 'grids') {
    const outside = (body.gridCodes ?? []).find((g) => !g.startsWith(body.divisionCode));
    if (outside) throw errors.validation('body.gridCodes', "Every grid must lie in the account's community.", '网格须位于账号所属村（社区）内。');
  } else if (body.gridCodes && body.gridCodes.length > 0) {
    throw errors.validation('body.gridCodes', 'Only grid leaders, instructors and workers are assigned grids.', '只有网格长、网格指导员和网格员可以分配网格。');
  }
}

export async function createUser(ctx: AppContext, audit: AuditContext, actor: Actor, body: NewUser) {
  requireManageable(actor, body.role);
  await checkPlacement(ctx, actor, body);
  const problem = passwordProblem(body.password, body.username);
  if (problem) throw errors.validation('body.password', `The password ${problem.en}.`, `密码${problem.zh}。`);
  if (await usernameTaken(ctx.db, body.username)) {
    throw errors.conflict('body.username', 'This username is taken.', '该用户名已被使用。');
  }
  const passwordHash = await ctx.passwords.hash(body.password);
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(appUser)
      .values({
        username: body.username,
        displayName: body.displayName,
        passwordHash,
        role: body.role,
        scopeKind: roleScope[body.role].kind,
        divisionCode: body.divisionCode,
        departmentId: body.departmentId ?? null,
        phoneEncrypted: body.phone ? ctx.cipher.encrypt(body.phone) : null,
        phoneMasked: body.phone ? maskPhone(body.phone) : null,
        // An account made by someone else starts with a password that someone else knows.
        mustChangePassword: true,
      })
      .onConflictDoNothing({ target: appUser.username })
      .returning({ id: appUser.id });
    if (!row) throw errors.conflict('body.username', 'This username is taken.', '该用户名已被使用。');
    await replaceUserGrids(tx, row.id, body.gridCodes ?? []);
    const fields = Object.keys(body).filter((k) => k !== 'password');
    await recordAudit(tx, audit, { action: 'user.create', targetType: 'user', targetId: row.id, divisionCode: body.divisionCode, fields });
    return row.id;
  });
  return presentUserDetail(await visibleUser(ctx, actor, id), ctx.now(), body.phone ?? null, [...(body.gridCodes ?? [])].sort());
}

export type UserChanges = Static<typeof UpdateUserBody>;

export async function updateUser(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, changes: UserChanges) {
  const current = await visibleUser(ctx, actor, id);
  const role = current.user.role as Role;
  requireManageable(actor, role);
  if (changes.disabled === true && id === actor.userId) {
    throw errors.validation('body.disabled', 'You cannot disable your own account.', '不能停用自己的账号。');
  }
  if (changes.gridCodes !== undefined) {
    if (roleScope[role].kind !== 'grids' && changes.gridCodes.length > 0) {
      throw errors.validation(
        'body.gridCodes',
        'Only grid leaders, instructors and workers are assigned grids.',
        '只有网格长、网格指导员和网格员可以分配网格。',
      );
    }
    if (changes.gridCodes.some((g) => !g.startsWith(current.user.divisionCode))) {
      throw errors.validation('body.gridCodes', "Every grid must lie in the account's community.", '网格须位于账号所属村（社区）内。');
    }
  }
  const fields = Object.keys(changes);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(appUser)
      .set({
        ...(changes.displayName === undefined ? {} : { displayName: changes.displayName }),
        ...(changes.phone === undefined
          ? {}
          : {
              phoneEncrypted: changes.phone === null ? null : ctx.cipher.encrypt(changes.phone),
              phoneMasked: changes.phone === null ? null : maskPhone(changes.phone),
            }),
        ...(changes.disabled === undefined ? {} : { disabled: changes.disabled }),
        updatedAt: now,
      })
      .where(eq(appUser.id, id));
    if (changes.gridCodes !== undefined) await replaceUserGrids(tx, id, changes.gridCodes);
    // A disabled account's sessions and tokens end now, so enabling it again does not bring them back.
    if (changes.disabled === true) await revokeAllSessions(tx, id, now);
    await recordAudit(tx, audit, {
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      divisionCode: current.user.divisionCode,
      fields,
      ...(changes.disabled === undefined ? {} : { detail: changes.disabled ? 'disabled' : 'enabled' }),
    });
    const row = await findUser(tx, visibleUsersWhere(actor), id);
    if (!row) throw errors.notFound('user');
    const phone = row.user.phoneEncrypted ? ctx.cipher.decrypt(row.user.phoneEncrypted) : null;
    // The answer shows the phone in full: a personal-data read, unless the caller just wrote it.
    if (phone !== null && changes.phone === undefined) {
      await recordAudit(tx, audit, { action: 'user.personal.read', targetType: 'user', targetId: id, divisionCode: row.user.divisionCode, fields: ['phone'] });
    }
    return presentUserDetail(row, now, phone, await gridCodesOf(tx, id));
  });
}

export async function unlockUser(ctx: AppContext, audit: AuditContext, actor: Actor, id: string): Promise<void> {
  const current = await visibleUser(ctx, actor, id);
  requireManageable(actor, current.user.role as Role);
  await ctx.db.transaction(async (tx) => {
    await tx.update(appUser).set({ lockedUntil: null, failedLogins: 0, updatedAt: ctx.now() }).where(eq(appUser.id, id));
    await recordAudit(tx, audit, { action: 'user.unlock', targetType: 'user', targetId: id, divisionCode: current.user.divisionCode, fields: ['lockedUntil'] });
  });
}

export async function resetPassword(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, password: string): Promise<void> {
  const current = await visibleUser(ctx, actor, id);
  requireManageable(actor, current.user.role as Role);
  const problem = passwordProblem(password, current.user.username);
  if (problem) throw errors.validation('body.password', `The password ${problem.en}.`, `密码${problem.zh}。`);
  const hash = await ctx.passwords.hash(password);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(appUser)
      .set({ passwordHash: hash, mustChangePassword: true, passwordChangedAt: now, lockedUntil: null, failedLogins: 0, updatedAt: now })
      .where(eq(appUser.id, id));
    await revokeAllSessions(tx, id, now);
    await recordAudit(tx, audit, {
      action: 'user.password.reset',
      targetType: 'user',
      targetId: id,
      divisionCode: current.user.divisionCode,
      fields: ['password'],
    });
  });
}
