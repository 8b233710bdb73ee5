// "Who am I": the signed-in user's role, permissions and jurisdiction, as the console shows them.
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { ancestorCodes } from '../territory/division-code.js';
import { findDivisions } from '../territory/division.store.js';
import { appUser, department } from './access.tables.js';
import { type Role, type ScopeKind, can, canManageRole, permissions, roleNames, roles } from './roles.js';
import { gridCodesOf } from './session.store.js';

export async function presentMe(db: Executor, userId: string) {
  const [row] = await db
    .select({ user: appUser, departmentName: department.name })
    .from(appUser)
    .leftJoin(department, eq(department.id, appUser.departmentId))
    .where(eq(appUser.id, userId));
  if (!row) throw errors.unauthenticated();
  const u = row.user;
  const role = u.role as Role;
  const chain = await findDivisions(db, [...ancestorCodes(u.divisionCode), u.divisionCode]);
  const ref = (d: { code: string; name: string; level: number }) => ({ code: d.code, name: d.name, level: d.level });
  const home = chain.find((d) => d.code === u.divisionCode);
  if (!home) throw errors.internal();
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role,
    roleName: roleNames[role],
    permissions: permissions.filter((p) => can(role, p)),
    manageableRoles: roles.filter((r) => can(role, 'user.manage') && canManageRole(role, r)),
    mustChangePassword: u.mustChangePassword,
    scope: {
      kind: u.scopeKind as ScopeKind,
      division: ref(home),
      path: chain.filter((d) => d.code !== u.divisionCode).map(ref),
      department: u.departmentId && row.departmentName ? { id: u.departmentId, name: row.departmentName } : null,
      gridCodes: await gridCodesOf(db, u.id),
    },
  };
}
