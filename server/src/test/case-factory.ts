// Cases for tests, written straight into `case_record` (the workflow service has its own tests):
// one at a time with its step timers scheduled the way the workflow does, or many at once in SQL.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { queryRows } from '../db/client.js';
import { department } from '../modules/access/access.tables.js';
import { type CaseStatus, caseRecord } from '../modules/cases/case.tables.js';
import { scheduleStepTimers } from '../modules/cases/case-timers.js';

export const CITY = '370400000000';
/** 铁西居委会, 中心街街道, 市中区: the demo grid staff's community. */
export const COMMUNITY = '370402001013';
export const TOWN = '370402001000';
export const DISTRICT = '370402000000';
/** A community of 滕州市, outside 市中区, and its town. */
export const TENGZHOU_COMMUNITY = '370481001001';
export const TENGZHOU_TOWN = '370481001000';

export async function unitId(ctx: AppContext, code = '370400-police'): Promise<string> {
  const [row] = await ctx.db.select({ id: department.id }).from(department).where(eq(department.code, code));
  if (!row) throw new Error(`no unit ${code}`);
  return row.id;
}

export interface CaseInput {
  status?: CaseStatus;
  divisionCode?: string;
  centreCode?: string;
  /** null: on a centre's desk. Default: the demo city police. */
  leadUnitId?: string | null;
  title?: string;
  stepStartedAt?: Date;
  dueAt?: Date | null;
  version?: number;
}

export type CaseRow = typeof caseRecord.$inferSelect;

/** One case, without timers. */
export async function makeCase(ctx: AppContext, input: CaseInput = {}): Promise<CaseRow> {
  const leadUnitId = input.leadUnitId === undefined ? await unitId(ctx) : input.leadUnitId;
  const [row] = await ctx.db
    .insert(caseRecord)
    .values({
      number: `T${randomUUID().replaceAll('-', '').slice(0, 14)}`,
      cityCode: CITY,
      divisionCode: input.divisionCode ?? COMMUNITY,
      title: input.title ?? '路灯不亮',
      source: 'gridWorker',
      status: input.status ?? 'handling',
      centreCode: input.centreCode ?? TOWN,
      leadUnitId,
      stepStartedAt: input.stepStartedAt ?? new Date('2026-12-01T09:00:00+08:00'),
      dueAt: input.dueAt === undefined ? new Date('2026-12-04T09:00:00+08:00') : input.dueAt,
      version: input.version ?? 1,
    })
    .returning();
  if (!row) throw new Error('no case');
  return row;
}

/** Schedules the current step's timers as the workflow does when a step starts (stepKey handle#<version>). */
export async function scheduleTimers(ctx: AppContext, c: CaseRow, naturalHours = false): Promise<void> {
  const cal = (await ctx.calendars.get(c.cityCode))?.calendar;
  if (!cal) throw new Error(`no calendar for ${c.cityCode}`);
  await scheduleStepTimers(
    ctx.db,
    cal,
    {
      caseId: c.id,
      divisionCode: c.divisionCode,
      stepKey: `handle#${c.version}`,
      startedAt: c.stepStartedAt.getTime(),
      dueAt: c.dueAt ? c.dueAt.getTime() : null,
      naturalHours,
    },
    ctx.config,
  );
}

/**
 * `n` open cases in one statement, each with one timer of `kind` due at `fireAt` and due at `dueAt`.
 * Returns the cases' ids.
 */
export async function makeDueCases(
  ctx: AppContext,
  n: number,
  opts: { kind: 'remind' | 'overdue' | 'escalate'; fireAt: Date; dueAt: Date; leadUnitId?: string | null },
): Promise<string[]> {
  const leadUnitId = opts.leadUnitId === undefined ? await unitId(ctx) : opts.leadUnitId;
  const rows = await queryRows<{ id: string }>(
    ctx.db,
    sql`WITH made AS (
          INSERT INTO case_record (number, city_code, division_code, title, source, status, centre_code, lead_unit_id, step_started_at, due_at)
          SELECT 'M' || replace(gen_random_uuid()::text, '-', ''), ${CITY}, ${COMMUNITY}, '批量测试事件 ' || i, 'gridWorker', 'handling', ${TOWN},
                 ${leadUnitId}::uuid, ${opts.fireAt.toISOString()}::timestamptz - interval '1 day', ${opts.dueAt.toISOString()}::timestamptz
          FROM generate_series(1, ${n}) AS i
          RETURNING id, division_code, version)
        INSERT INTO case_timer (case_id, division_code, kind, step_key, fire_at)
        SELECT id, division_code, ${opts.kind}, 'handle#' || version, ${opts.fireAt.toISOString()}::timestamptz FROM made
        RETURNING case_id AS id`,
  );
  return rows.map((r) => r.id);
}
