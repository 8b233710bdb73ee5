// The case gate (STYLE.md "one gate, set-based"): which cases an actor sees, and in which capacity
// they act on one. Out of scope is "not found", the same answer as absent.
//  - a centre (city, district, town) sees and acts on the cases in its division;
//  - a handling unit sees a case only once it was dispatched to it (or to one of its sub-units), and
//    acts on it through its own active assignment;
//  - grid staff see the cases in their grids and the ones they reported;
//  - the auditor reads the cases in their division.
import { type SQL, and, eq, exists, like, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type Actor, unitSubtree } from '../access/access.js';
import { department } from '../access/access.tables.js';
import type { Role } from '../access/roles.js';
import { caseAssignment, caseRecord } from './case.tables.js';

export const centreRoles: readonly Role[] = ['cityCentre', 'districtCentre', 'townCentre'];

export function isCentre(actor: Actor): boolean {
  return centreRoles.includes(actor.role);
}

/** The units an actor of a handling unit acts for: their own and every unit below it. One query. */
export async function actorUnitIds(db: Executor, actor: Actor): Promise<string[]> {
  if (!actor.departmentId) return [];
  const rows = await db
    .select({ id: department.id })
    .from(department)
    .where(sql`${department.id} in ${unitSubtree(actor.departmentId)}`);
  return rows.map((r) => r.id);
}

/**
 * Cases the actor reported, and the cases those were merged into: a reporter follows the case their
 * duplicate joined (DOMAIN.md §2).
 */
function reportedBy(actor: Actor): SQL {
  return or(
    eq(caseRecord.reporterId, actor.userId),
    exists(sql`(select 1 from ${caseRecord} as duplicate where duplicate.duplicate_of = ${caseRecord.id} and duplicate.reporter_id = ${actor.userId})`),
  ) as SQL;
}

/** The units a unit's staff act for, as a subquery: their own and every unit below it. */
export function actorUnitsSql(actor: Actor): SQL {
  if (!actor.departmentId) return sql`(select null::uuid where false)`;
  return unitSubtree(actor.departmentId);
}

/** The where clause of the cases an actor may see (on `case_record`). */
export function visibleCasesWhere(actor: Actor): SQL {
  switch (actor.scopeKind) {
    case 'division':
      return like(caseRecord.divisionCode, `${actor.divisionPrefix}%`);
    case 'department':
      return or(
        reportedBy(actor),
        exists(
          sql`(select 1 from ${caseAssignment} where ${caseAssignment.caseId} = ${caseRecord.id} and ${caseAssignment.unitId} in ${actorUnitsSql(actor)})`,
        ),
      ) as SQL;
    case 'grids': {
      if (actor.gridCodes.length === 0) return reportedBy(actor);
      return or(reportedBy(actor), ...actor.gridCodes.map((c) => like(caseRecord.gridCode, `${c}%`))) as SQL;
    }
  }
}

/** A centre may act on a case in its division. */
export function centreActsOn(actor: Actor, c: { divisionCode: string }): boolean {
  return isCentre(actor) && c.divisionCode.startsWith(actor.divisionPrefix);
}

/** Grid staff of the case's grid (the grid worker who verifies on site). */
export function gridStaffOf(actor: Actor, c: { gridCode: string | null }): boolean {
  return actor.scopeKind === 'grids' && c.gridCode !== null && actor.gridCodes.some((g) => c.gridCode?.startsWith(g));
}

export function withinCase(actor: Actor, caseId: string): SQL {
  return and(eq(caseRecord.id, caseId), visibleCasesWhere(actor)) as SQL;
}
