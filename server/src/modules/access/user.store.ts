// Queries on accounts. Every read takes the caller's visibility predicate from access.ts.
import { type SQL, and, asc, count, desc, eq, ilike, like, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { escapeLike } from '../../lib/http.js';
import { division } from '../territory/territory.tables.js';
import { appUser, department, userGrid } from './access.tables.js';

export type UserSortField = 'username' | 'displayName' | 'createdAt' | 'role';

const sortColumns = {
  username: appUser.username,
  displayName: appUser.displayName,
  createdAt: appUser.createdAt,
  role: appUser.role,
} as const;

const userColumns = {
  user: appUser,
  divisionName: division.name,
  divisionLevel: division.level,
  departmentName: department.name,
};

export type UserRow = {
  user: typeof appUser.$inferSelect;
  divisionName: string;
  divisionLevel: number;
  departmentName: string | null;
};

export interface UserFilter {
  q?: string;
  role?: string;
  divisionPrefix?: string;
  disabled?: boolean;
}

function filterWhere(visible: SQL, f: UserFilter): SQL | undefined {
  const escaped = f.q === undefined ? undefined : escapeLike(f.q);
  return and(
    visible,
    escaped ? or(ilike(appUser.username, `%${escaped}%`), ilike(appUser.displayName, `%${escaped}%`)) : undefined,
    f.role ? eq(appUser.role, f.role) : undefined,
    f.divisionPrefix ? like(appUser.divisionCode, `${f.divisionPrefix}%`) : undefined,
    f.disabled === undefined ? undefined : eq(appUser.disabled, f.disabled),
  );
}

export async function listUsers(
  db: Executor,
  visible: SQL,
  filter: UserFilter,
  sort: { field: UserSortField; desc: boolean },
  page: { offset: number; pageSize: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const where = filterWhere(visible, filter);
  const column = sortColumns[sort.field];
  const rows = await db
    .select(userColumns)
    .from(appUser)
    .innerJoin(division, eq(division.code, appUser.divisionCode))
    .leftJoin(department, eq(department.id, appUser.departmentId))
    .where(where)
    .orderBy(sort.desc ? desc(column) : asc(column), asc(appUser.id))
    .limit(page.pageSize)
    .offset(page.offset);
  const [totalRow] = await db.select({ n: count() }).from(appUser).where(where);
  return { rows, total: totalRow?.n ?? 0 };
}

export async function findUser(db: Executor, visible: SQL, id: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select(userColumns)
    .from(appUser)
    .innerJoin(division, eq(division.code, appUser.divisionCode))
    .leftJoin(department, eq(department.id, appUser.departmentId))
    .where(and(visible, eq(appUser.id, id)))
    .limit(1);
  return row;
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const [row] = await db.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, username)).limit(1);
  return row !== undefined;
}

export async function replaceUserGrids(db: Executor, userId: string, gridCodes: readonly string[]): Promise<void> {
  await db.delete(userGrid).where(eq(userGrid.userId, userId));
  if (gridCodes.length > 0) await db.insert(userGrid).values(gridCodes.map((gridCode) => ({ userId, gridCode })));
}
