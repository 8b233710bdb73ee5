// Supervision (督办, issue 4 item 7): a centre whose jurisdiction holds a case marks it normal,
// yellow or red, with an opinion. Every supervision is a row kept for assessment (DOMAIN.md §4:
// yellow and red cards cost points); the case shows the highest level given. The sweep raises red
// supervisions of its own when an overdue step passes the escalation delay (case-sweep.ts).
import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import type { Actor } from '../access/access.js';
import { appUser } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { division } from '../territory/territory.tables.js';
import { type CaseStatus, caseRecord, caseSupervision, type SupervisionLevel, supervisionLevels } from './case.tables.js';
import { visibleCasesWhere } from './case-access.js';
import { notify } from './notify.js';

const FINISHED: ReadonlySet<CaseStatus> = new Set(['closed', 'archived', 'cancelled']);
const rank = (level: string) => supervisionLevels.indexOf(level as SupervisionLevel);

export async function caseSupervisions(ctx: AppContext, actor: Actor, caseId: string) {
  const [c] = await ctx.db
    .select({ id: caseRecord.id, supervision: caseRecord.supervision })
    .from(caseRecord)
    .where(and(eq(caseRecord.id, caseId), visibleCasesWhere(actor)));
  if (!c) throw errors.notFound('case');
  return present(ctx.db, c);
}

export async function supervise(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  caseId: string,
  body: { level: 'normal' | 'yellow' | 'red'; opinion: string },
) {
  const opinion = body.opinion.trim();
  if (opinion === '') throw errors.validation('body.opinion', 'Write an opinion.', '请填写督办意见。');
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(caseRecord)
      .where(and(eq(caseRecord.id, caseId), visibleCasesWhere(actor)))
      .for('update');
    if (!c) throw errors.notFound('case');
    if (FINISHED.has(c.status as CaseStatus)) {
      throw errors.conflict('params.id', 'A closed, archived or cancelled case is not supervised.', '已结案、归档或撤销的事件不能督办。');
    }
    const now = ctx.now();
    await tx.insert(caseSupervision).values({
      caseId,
      divisionCode: c.divisionCode,
      level: body.level,
      centreCode: actor.divisionCode,
      actorId: actor.userId,
      opinion,
      createdAt: now,
    });
    // The case shows the highest level given; a lower one is kept as a row all the same.
    const raised = rank(body.level) > rank(c.supervision);
    if (raised) await tx.update(caseRecord).set({ supervision: body.level, updatedAt: now }).where(eq(caseRecord.id, caseId));
    // Whoever has the case is told: its lead unit, or the centre holding it when that is another one.
    const to = c.leadUnitId ? { unitId: c.leadUnitId } : c.centreCode !== actor.divisionCode ? { centreCode: c.centreCode } : undefined;
    if (to) await notify(tx, [{ kind: 'caseSupervised', caseId, caseNumber: c.number, title: c.title, to }]);
    await recordAudit(tx, audit, {
      action: 'case.supervise',
      targetType: 'case',
      targetId: caseId,
      divisionCode: c.divisionCode,
      fields: raised ? ['supervision'] : [],
      detail: body.level,
    });
    return present(tx, { id: caseId, supervision: raised ? body.level : c.supervision });
  });
}

async function present(db: Executor, c: { id: string; supervision: string }) {
  const rows = await db
    .select({
      id: caseSupervision.id,
      level: caseSupervision.level,
      centreCode: caseSupervision.centreCode,
      centreName: division.name,
      actorId: caseSupervision.actorId,
      actorName: appUser.displayName,
      opinion: caseSupervision.opinion,
      createdAt: caseSupervision.createdAt,
    })
    .from(caseSupervision)
    .leftJoin(division, eq(division.code, caseSupervision.centreCode))
    .leftJoin(appUser, eq(appUser.id, caseSupervision.actorId))
    .where(eq(caseSupervision.caseId, c.id))
    .orderBy(asc(caseSupervision.createdAt), asc(caseSupervision.id));
  return {
    caseId: c.id,
    supervision: c.supervision as SupervisionLevel,
    items: rows.map((r) => ({ ...r, level: r.level as 'normal' | 'yellow' | 'red', createdAt: r.createdAt.toISOString() })),
  };
}
