// The one gate. "Which of these records may this actor see or change?" is answered as a set, by
// putting the actor's jurisdiction into the query's where clause: a record outside it is simply
// not found, and the API says 404 whether it does not exist or is not yours.
import { type AnyColumn, type SQL, and, eq, exists, inArray, like, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { attachment } from '../attachments/attachment.tables.js';
import { caseRecord, caseStep } from '../cases/case.tables.js';
import { visibleCasesWhere } from '../cases/case-access.js';
import { ancestorCodes } from '../territory/division-code.js';
import { grid } from '../territory/grid.tables.js';
import { division } from '../territory/territory.tables.js';
import { appUser, department } from './access.tables.js';
import { type Permission, type Role, type ScopeKind, can } from './roles.js';

/** Who is asking: built from the session on every request. */
export interface Actor {
  userId: string;
  username: string;
  /** The name shown for them (a case page's reporter and step actor). */
  displayName: string;
  role: Role;
  scopeKind: ScopeKind;
  /** Home division (12 digits) and its significant prefix. */
  divisionCode: string;
  divisionPrefix: string;
  departmentId: string | null;
  gridCodes: string[];
  sessionId: string;
  /** Set by someone else (a new account, a reset): everything but changing it is refused. */
  mustChangePassword: boolean;
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw errors.forbidden();
}

/** Records that carry a division code: inside the actor's division. */
export function withinDivision(actor: Actor, column: AnyColumn): SQL {
  return like(column, `${actor.divisionPrefix}%`);
}

/** Divisions an actor may read: their own subtree, and the path above it (for breadcrumbs). */
export function visibleDivisionsWhere(actor: Actor, codeColumn: AnyColumn = division.code): SQL {
  const above = ancestorCodes(actor.divisionCode);
  const subtree = like(codeColumn, `${actor.divisionPrefix}%`);
  return above.length > 0 ? (or(subtree, inArray(codeColumn, above)) as SQL) : subtree;
}

/**
 * The ids of a handling unit and every unit below it (sub-units of sub-units too), as a subquery.
 * UNION, not UNION ALL: a cycle (which the unit service refuses to write) would still end.
 */
export function unitSubtree(unitId: string): SQL {
  return sql`(WITH RECURSIVE sub(id) AS (
    SELECT ${department.id} FROM ${department} WHERE ${department.id} = ${unitId}
    UNION SELECT d.id FROM ${department} d JOIN sub ON d.parent_id = sub.id
  ) SELECT id FROM sub)`;
}

/** Users an actor may read: under their division; the staff of a unit and its sub-units; a grid-scoped user only themself. */
export function visibleUsersWhere(actor: Actor): SQL {
  switch (actor.scopeKind) {
    case 'division':
      return withinDivision(actor, appUser.divisionCode);
    case 'department':
      return actor.departmentId ? sql`${appUser.departmentId} IN ${unitSubtree(actor.departmentId)}` : sql`false`;
    case 'grids':
      return eq(appUser.id, actor.userId);
  }
}

/**
 * Handling units an actor may see: a division scope sees the units serving its subtree and the
 * divisions above it (a district routes cases to city departments too); a unit's staff see their
 * unit and its sub-units; grid staff see none.
 */
export function visibleDepartmentsWhere(actor: Actor): SQL {
  switch (actor.scopeKind) {
    case 'division':
      return or(
        withinDivision(actor, department.divisionCode),
        inArray(department.divisionCode, ancestorCodes(actor.divisionCode).concat(actor.divisionCode)),
      ) as SQL;
    case 'department':
      return actor.departmentId ? sql`${department.id} IN ${unitSubtree(actor.departmentId)}` : sql`false`;
    case 'grids':
      return sql`false`;
  }
}

/**
 * Grids an actor may see: under their division; their own grids (and the micro grids inside them)
 * for grid staff; for a department, every grid of the area it serves (Art. 7: departments work on
 * the grids the centres drew).
 */
export function visibleGridsWhere(actor: Actor, codeColumn: AnyColumn, communityColumn: AnyColumn): SQL {
  switch (actor.scopeKind) {
    case 'division':
    case 'department':
      return withinDivision(actor, communityColumn);
    case 'grids':
      if (actor.gridCodes.length === 0) return sql`false`;
      return or(inArray(codeColumn, actor.gridCodes), ...actor.gridCodes.map((c) => like(codeColumn, `${c}%`))) as SQL;
  }
}

/** The same rule as visibleGridsWhere, for grids already in memory (the spatial index). */
export function canSeeGrid(actor: Actor, code: string, communityCode: string): boolean {
  if (actor.scopeKind === 'grids') return actor.gridCodes.some((c) => code.startsWith(c));
  return communityCode.startsWith(actor.divisionPrefix);
}

/**
 * A key that differs whenever canSeeGrid may answer differently for two actors: two actors with the
 * same key see the same grids. Part of the map tiles' ETag, so a cached tile is never reused across scopes.
 */
export function gridScopeKey(actor: Actor): string {
  return actor.scopeKind === 'grids' ? `grids:${[...actor.gridCodes].sort().join(',')}` : `division:${actor.divisionPrefix}`;
}

/** Which copy of an attachment is read: the evidence, the copy without metadata, or the thumbnail. */
export type AttachmentVariant = 'original' | 'public' | 'thumbnail';

/**
 * Attachments an actor may read, in the given variant: the uploader; a division scope over the
 * attachment's division (a town centre reads the photos filed in its communities); and everyone who
 * may see a case whose steps carry it — the handling chain: the units it was dispatched to, the grid
 * staff of its grid, its reporter. Every variant alike: the public, outside the chain, only ever gets
 * the copy without metadata, through Open311. Everything else is not found (404), never forbidden.
 */
export function visibleAttachmentsWhere(actor: Actor, _variant: AttachmentVariant): SQL {
  const own = eq(attachment.uploadedBy, actor.userId);
  const onCase = exists(
    sql`(select 1 from ${caseStep} join ${caseRecord} on ${caseRecord.id} = ${caseStep.caseId} where ${attachment.id} = any(${caseStep.attachmentIds}) and ${visibleCasesWhere(actor)})`,
  );
  switch (actor.scopeKind) {
    case 'division':
      return or(own, withinDivision(actor, attachment.divisionCode), onCase) as SQL;
    case 'department':
    case 'grids':
      return or(own, onCase) as SQL;
  }
}

type Resource = 'user' | 'division' | 'department' | 'grid';

/** The subset of `ids` the actor may see. One query, whatever the number of ids. */
export async function allowedIds(db: Executor, actor: Actor, resource: Resource, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const unique = [...new Set(ids)];
  let rows: { id: string }[];
  switch (resource) {
    case 'user':
      rows = await db
        .select({ id: appUser.id })
        .from(appUser)
        .where(and(inArray(appUser.id, unique.filter(isUuid)), visibleUsersWhere(actor)));
      break;
    case 'division':
      rows = await db
        .select({ id: division.code })
        .from(division)
        .where(and(inArray(division.code, unique), visibleDivisionsWhere(actor)));
      break;
    case 'department':
      rows = await db
        .select({ id: department.id })
        .from(department)
        .where(and(inArray(department.id, unique.filter(isUuid)), visibleDepartmentsWhere(actor)));
      break;
    case 'grid':
      rows = await db
        .selectDistinct({ id: grid.code })
        .from(grid)
        .where(and(inArray(grid.code, unique), visibleGridsWhere(actor, grid.code, grid.communityCode)));
      break;
  }
  return new Set(rows.map((r) => r.id));
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
