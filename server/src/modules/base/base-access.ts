// The base-information gate (STYLE.md "one gate, set-based"): which records of a registry an actor
// finds. Out of scope is "not found", the same answer as absent.
//  - a centre finds the records in its division;
//  - grid staff find the records of their grids (and the micro grids inside them);
//  - a department finds none, unless the registry was granted to its unit (or a unit above it) for
//    a division, until the grant expires or is revoked;
//  - watched persons (重点人员) are found only by the roles responsible for them: the town centre of
//    their town, the grid leader of their grid and the staff of the unit named on the record.
import { type AnyColumn, type SQL, inArray, like, or, sql } from 'drizzle-orm';
import { type Actor, unitSubtree } from '../access/access.js';
import { department } from '../access/access.tables.js';
import { baseGrant, watchedPerson } from './base.tables.js';

/** The registries a grant can open to a department. */
export const baseRegistries = ['person', 'building', 'organisation', 'carePerson', 'dispute', 'hazard'] as const;
export type BaseRegistry = (typeof baseRegistries)[number];

interface Located {
  divisionCode: AnyColumn;
  gridCode: AnyColumn;
}

function inGrids(actor: Actor, gridColumn: AnyColumn): SQL {
  if (actor.gridCodes.length === 0) return sql`false`;
  return or(inArray(gridColumn, actor.gridCodes), ...actor.gridCodes.map((c) => like(gridColumn, `${c}%`))) as SQL;
}

/** A grant to the actor's unit or a unit above it covers the record's division, now. */
function granted(actor: Actor, registry: BaseRegistry, divisionColumn: AnyColumn, now: Date): SQL {
  if (!actor.departmentId) return sql`false`;
  const unitsAbove = sql`(WITH RECURSIVE up(id, parent_id) AS (
      SELECT d.id, d.parent_id FROM ${department} d WHERE d.id = ${actor.departmentId}
      UNION SELECT d.id, d.parent_id FROM ${department} d JOIN up ON d.id = up.parent_id
    ) SELECT id FROM up)`;
  return sql`exists (select 1 from ${baseGrant} where ${baseGrant.unitId} in ${unitsAbove}
    and ${baseGrant.registry} = ${registry} and ${baseGrant.revokedAt} is null
    and (${baseGrant.expiresAt} is null or ${baseGrant.expiresAt} > ${now.toISOString()})
    and ${divisionColumn} like ${baseGrant.divisionPrefix} || '%')`;
}

/** The where clause of the records of a registry an actor may find. */
export function visibleBaseWhere(actor: Actor, registry: BaseRegistry, table: Located, now: Date): SQL {
  switch (actor.scopeKind) {
    case 'division':
      return like(table.divisionCode, `${actor.divisionPrefix}%`);
    case 'grids':
      return inGrids(actor, table.gridCode);
    case 'department':
      return granted(actor, registry, table.divisionCode, now);
  }
}

/** Watched-person records: the responsible roles only (see the file's head). */
export function visibleWatchedWhere(actor: Actor): SQL {
  switch (actor.role) {
    case 'townCentre':
      return like(watchedPerson.divisionCode, `${actor.divisionPrefix}%`);
    case 'gridLeader':
      return inGrids(actor, watchedPerson.gridCode);
    case 'department':
      return actor.departmentId ? sql`${watchedPerson.responsibleUnitId} in ${unitSubtree(actor.departmentId)}` : sql`false`;
    default:
      return sql`false`;
  }
}

/** Whether an actor may write a record located in this grid and community (the same rule, in memory). */
export function canWriteAt(actor: Actor, gridCode: string, divisionCode: string): boolean {
  switch (actor.scopeKind) {
    case 'division':
      return divisionCode.startsWith(actor.divisionPrefix);
    case 'grids':
      return actor.gridCodes.some((c) => gridCode.startsWith(c));
    case 'department':
      return false;
  }
}
