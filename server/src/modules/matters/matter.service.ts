// The grid matter list (网格事项准入清单, Art. 12): versions per city, drafted and published by the
// city centre. A published version is frozen: every edit goes to the city's one draft, and
// publishing it supersedes the version before, in one transaction. Every write appends its audit row
// in the same transaction. Licensing, penalty and enforcement matters are refused here (and by a
// check constraint in the database).
import { and, asc, count, desc, eq, inArray, like, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import type { Actor } from '../access/access.js';
import { appUser, department } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { cityOf } from '../calendar/calendar.service.js';
import { division } from '../territory/territory.tables.js';
import { checkAttributeDefinitions, type MatterAttribute } from './matter-attributes.js';
import { matter, matterList } from './matter.tables.js';
import { type PowerKind, isAdmissible, powerKindNames } from './power-kinds.js';

export type ListStatus = 'draft' | 'published' | 'superseded';

export interface MatterInput {
  name: string;
  category: string;
  description: string;
  legalBasis: string;
  departmentId: string;
  powerKind: PowerKind;
  urgent: boolean;
  public: boolean;
  /** Omitted: none when adding, unchanged when changing. */
  attributes?: MatterAttribute[];
}

const creator = alias(appUser, 'creator');
const publisher = alias(appUser, 'publisher');

async function summaries(db: Executor, cityCode: string, id?: string) {
  const rows = await db
    .select({
      id: matterList.id,
      cityCode: matterList.cityCode,
      version: matterList.version,
      status: matterList.status,
      note: matterList.note,
      createdAt: matterList.createdAt,
      createdByName: creator.displayName,
      publishedAt: matterList.publishedAt,
      publishedByName: publisher.displayName,
    })
    .from(matterList)
    .leftJoin(creator, eq(creator.id, matterList.createdBy))
    .leftJoin(publisher, eq(publisher.id, matterList.publishedBy))
    .where(id ? and(eq(matterList.cityCode, cityCode), eq(matterList.id, id)) : eq(matterList.cityCode, cityCode))
    .orderBy(desc(matterList.version));
  const counts = rows.length
    ? await db
        .select({ listId: matter.listId, n: count() })
        .from(matter)
        .where(
          inArray(
            matter.listId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(matter.listId)
    : [];
  return rows.map((r) => ({
    ...r,
    status: r.status as ListStatus,
    matterCount: counts.find((c) => c.listId === r.id)?.n ?? 0,
    createdAt: r.createdAt.toISOString(),
    publishedAt: r.publishedAt?.toISOString() ?? null,
  }));
}

/** The matters of one version, with their department's name, in code order. */
async function mattersOf(db: Executor, listId: string) {
  const rows = await db
    .select({ m: matter, departmentName: department.name })
    .from(matter)
    .innerJoin(department, eq(department.id, matter.departmentId))
    .where(eq(matter.listId, listId))
    .orderBy(asc(matter.code));
  return rows.map(({ m, departmentName }) => ({
    code: m.code,
    name: m.name,
    category: m.category,
    description: m.description,
    legalBasis: m.legalBasis,
    departmentId: m.departmentId,
    departmentName,
    powerKind: m.powerKind,
    powerKindName: powerKindNames[m.powerKind as PowerKind],
    urgent: m.urgent,
    public: m.public,
    attributes: m.attributes,
  }));
}

export async function listVersions(ctx: AppContext, actor: Actor) {
  return { items: await summaries(ctx.db, cityOf(actor)) };
}

export async function getList(ctx: AppContext, actor: Actor, id: string) {
  const [summary] = await summaries(ctx.db, cityOf(actor), id);
  if (!summary) throw errors.notFound('matter list');
  return { ...summary, matters: await mattersOf(ctx.db, id) };
}

const frozen = () =>
  errors.conflict(
    'params.id',
    'This version of the matter list is published (or superseded) and frozen: draft a new version to change it.',
    '该版本事项清单已发布（或已被替代），不可修改：请起草新版本后再修改。',
  );

/** Locks a list of the actor's city for a change; only a draft may change. */
async function lockDraft(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select()
    .from(matterList)
    .where(and(eq(matterList.id, id), eq(matterList.cityCode, cityOf(actor))))
    .for('update');
  if (!row) throw errors.notFound('matter list');
  if (row.status !== 'draft') throw frozen();
  return row;
}

/** The city centre starts the next version: a draft holding a copy of the published list. */
export async function createDraft(ctx: AppContext, audit: AuditContext, actor: Actor, note: string | undefined) {
  const cityCode = cityOf(actor);
  const id = await ctx.db.transaction(async (tx) => {
    // Serialise drafts of one city, its first version included (no row to lock yet).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`matter_list:${cityCode}`}))`);
    const existing = await tx.select().from(matterList).where(eq(matterList.cityCode, cityCode)).orderBy(desc(matterList.version));
    if (existing.some((l) => l.status === 'draft')) {
      throw errors.conflict('body', 'A draft of the matter list already exists: edit or publish it first.', '已有一份事项清单草稿：请先编辑或发布该草稿。');
    }
    const version = (existing[0]?.version ?? 0) + 1;
    const [row] = await tx
      .insert(matterList)
      .values({ cityCode, version, status: 'draft', note: note?.trim() ?? '', createdBy: actor.userId, createdAt: ctx.now() })
      .returning({ id: matterList.id });
    if (!row) throw errors.internal();
    const published = existing.find((l) => l.status === 'published');
    if (published) {
      const copied = await tx.select().from(matter).where(eq(matter.listId, published.id));
      if (copied.length > 0) await tx.insert(matter).values(copied.map((m) => ({ ...m, listId: row.id })));
    }
    await recordAudit(tx, audit, {
      action: 'matter.list.draft',
      targetType: 'matterList',
      targetId: row.id,
      divisionCode: cityCode,
      detail: `version ${version}${published ? ` from ${published.version}` : ''}`,
    });
    return row.id;
  });
  return getList(ctx, actor, id);
}

// Art. 12: licensing, penalty and enforcement matters never enter the list.
function refuseInadmissible(kind: PowerKind): void {
  if (isAdmissible(kind)) return;
  const name = powerKindNames[kind];
  throw errors.validation(
    'body.powerKind',
    `A matter of ${name.en.toLowerCase()} cannot enter the grid matter list: Art. 12 of the Zaozhuang Regulations on Grid-based Service and Management (《枣庄市网格化服务管理条例》第十二条) excludes matters of administrative licensing, administrative penalty and administrative enforcement.`,
    `${name.zh}事项不得纳入网格化服务管理事项清单：依据《枣庄市网格化服务管理条例》第十二条，依法应当实施行政许可、行政处罚、行政强制的事项不得纳入清单。`,
  );
}

/** The responsible department must be one of the city's. */
async function checkDepartment(tx: Executor, cityCode: string, departmentId: string): Promise<void> {
  const [row] = await tx
    .select({ id: department.id })
    .from(department)
    .where(and(eq(department.id, departmentId), like(department.divisionCode, `${cityCode.slice(0, 4)}%`)));
  if (!row) throw errors.validation('body.departmentId', 'No such department in this city.', '本市没有该部门。');
}

function clean(input: MatterInput) {
  const name = input.name.trim();
  const category = input.category.trim();
  if (!name) throw errors.validation('body.name', 'The name must not be blank.', '名称不能为空。');
  if (!category) throw errors.validation('body.category', 'The category must not be blank.', '类别不能为空。');
  const { attributes, ...rest } = input;
  return {
    ...rest,
    name,
    category,
    description: input.description.trim(),
    legalBasis: input.legalBasis.trim(),
    ...(attributes ? { attributes: checkAttributeDefinitions(attributes) } : {}),
  };
}

type Write = 'matter.add' | 'matter.update' | 'matter.remove';

async function write(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, action: Write, code: string, act: (tx: Tx) => Promise<void>) {
  await ctx.db.transaction(async (tx) => {
    const list = await lockDraft(tx, actor, id);
    await act(tx);
    await recordAudit(tx, audit, {
      action,
      targetType: 'matter',
      targetId: `${list.id}:${code}`,
      divisionCode: list.cityCode,
      detail: `version ${list.version}`,
    });
  });
}

async function exists(tx: Executor, listId: string, code: string): Promise<boolean> {
  const [row] = await tx
    .select({ code: matter.code })
    .from(matter)
    .where(and(eq(matter.listId, listId), eq(matter.code, code)));
  return row !== undefined;
}

export async function addMatter(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: MatterInput & { code: string }) {
  refuseInadmissible(body.powerKind);
  const input = clean(body);
  await write(ctx, audit, actor, id, 'matter.add', body.code, async (tx) => {
    if (await exists(tx, id, body.code)) {
      throw errors.conflict('body.code', `This version already has a matter with code ${body.code}.`, `本版本已有编码为 ${body.code} 的事项。`);
    }
    await checkDepartment(tx, cityOf(actor), input.departmentId);
    await tx.insert(matter).values({ listId: id, ...input, code: body.code });
  });
  return getList(ctx, actor, id);
}

export async function updateMatter(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, code: string, body: MatterInput) {
  refuseInadmissible(body.powerKind);
  const input = clean(body);
  await write(ctx, audit, actor, id, 'matter.update', code, async (tx) => {
    if (!(await exists(tx, id, code))) throw errors.notFound('matter');
    await checkDepartment(tx, cityOf(actor), input.departmentId);
    await tx
      .update(matter)
      .set(input)
      .where(and(eq(matter.listId, id), eq(matter.code, code)));
  });
  return getList(ctx, actor, id);
}

export async function removeMatter(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, code: string): Promise<void> {
  await write(ctx, audit, actor, id, 'matter.remove', code, async (tx) => {
    if (!(await exists(tx, id, code))) throw errors.notFound('matter');
    await tx.delete(matter).where(and(eq(matter.listId, id), eq(matter.code, code)));
  });
}

/** Draft → published; the version published before → superseded. */
export async function publishList(ctx: AppContext, audit: AuditContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const list = await lockDraft(tx, actor, id);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(matter).where(eq(matter.listId, id));
    if (n === 0) throw errors.conflict('params.id', 'An empty matter list cannot be published.', '事项清单为空，不能发布。');
    const now = ctx.now();
    // The old version first: at most one published version per city at any moment.
    await tx
      .update(matterList)
      .set({ status: 'superseded' })
      .where(and(eq(matterList.cityCode, list.cityCode), eq(matterList.status, 'published')));
    await tx.update(matterList).set({ status: 'published', publishedAt: now, publishedBy: actor.userId }).where(eq(matterList.id, id));
    await recordAudit(tx, audit, {
      action: 'matter.list.publish',
      targetType: 'matterList',
      targetId: id,
      divisionCode: list.cityCode,
      detail: `version ${list.version}, ${n} matters`,
    });
  });
  return getList(ctx, actor, id);
}

// ---- Public: the published list, no sign-in -------------------------------------------------

/** The installation's city: the public pages serve its list. */
export async function publicCity(db: Executor) {
  const [city] = await db.select({ code: division.code, name: division.name }).from(division).where(eq(division.level, 1)).orderBy(asc(division.code)).limit(1);
  return city;
}

async function publishedList(ctx: AppContext) {
  const city = await publicCity(ctx.db);
  if (!city) throw errors.notFound('published matter list');
  const [list] = await ctx.db
    .select()
    .from(matterList)
    .where(and(eq(matterList.cityCode, city.code), eq(matterList.status, 'published')));
  if (!list?.publishedAt) throw errors.notFound('published matter list');
  return { list, head: { cityCode: city.code, cityName: city.name, version: list.version, publishedAt: list.publishedAt.toISOString() } };
}

const publicView = ({ departmentId: _, ...m }: Awaited<ReturnType<typeof mattersOf>>[number]) => m;

export async function publicMatters(ctx: AppContext) {
  const { list, head } = await publishedList(ctx);
  return { ...head, matters: (await mattersOf(ctx.db, list.id)).map(publicView) };
}

export async function publicMatter(ctx: AppContext, code: string) {
  const { list, head } = await publishedList(ctx);
  const found = (await mattersOf(ctx.db, list.id)).find((m) => m.code === code);
  if (!found) throw errors.notFound('matter');
  return { ...head, matter: publicView(found) };
}
