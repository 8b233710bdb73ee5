// The one place an account becomes an API response. Lists show the masked phone only.
import { type Role, roleNames } from './roles.js';
import type { UserRow } from './user.store.js';

export function presentUserSummary(row: UserRow, now: Date) {
  const u = row.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    roleName: roleNames[u.role as Role],
    division: { code: u.divisionCode, name: row.divisionName, level: row.divisionLevel },
    department: u.departmentId && row.departmentName ? { id: u.departmentId, name: row.departmentName } : null,
    phoneMasked: u.phoneMasked,
    disabled: u.disabled,
    locked: u.lockedUntil !== null && u.lockedUntil > now,
    createdAt: u.createdAt.toISOString(),
  };
}

export function presentUserDetail(row: UserRow, now: Date, phone: string | null, gridCodes: string[]) {
  return {
    ...presentUserSummary(row, now),
    phone,
    gridCodes,
    mustChangePassword: row.user.mustChangePassword,
    updatedAt: row.user.updatedAt.toISOString(),
  };
}
