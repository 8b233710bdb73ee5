// Functional departments (Art. 5) and other handling organisations (Art. 6): who cases go to.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { asc } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import { ErrorSchema, Strict, standardErrors } from '../../lib/http.js';
import { type AuditContext, auditContextOf, recordAudit } from '../audit/audit.js';
import { divisionLevel } from '../territory/division-code.js';
import { findDivision } from '../territory/division.store.js';
import { type Actor, visibleDepartmentsWhere, visibleDivisionsWhere } from './access.js';
import { department } from './access.tables.js';
import { actorOf } from './authenticate.js';

export const Department = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), divisionCode: Type.String() }, { title: 'Department' });

export const CreateDepartmentBody = Strict({
  code: Type.String({ pattern: '^[A-Za-z0-9._-]{2,40}$', description: 'short stable code, e.g. 370400-police' }),
  name: Type.String({ minLength: 1, maxLength: 60 }),
  divisionCode: Type.String({ pattern: '^\\d{12}$', description: 'the city or district the department serves' }),
});

const present = (d: typeof department.$inferSelect) => ({ id: d.id, code: d.code, name: d.name, divisionCode: d.divisionCode });

export async function listDepartments(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.select().from(department).where(visibleDepartmentsWhere(actor)).orderBy(asc(department.divisionCode), asc(department.code));
  return { items: rows.map(present) };
}

export async function createDepartment(ctx: AppContext, audit: AuditContext, actor: Actor, body: { code: string; name: string; divisionCode: string }) {
  const level = divisionLevel(body.divisionCode);
  const inJurisdiction = body.divisionCode.startsWith(actor.divisionPrefix) && (await findDivision(ctx.db, visibleDivisionsWhere(actor), body.divisionCode));
  if (!inJurisdiction || (level !== 1 && level !== 2)) {
    throw errors.validation('body.divisionCode', 'Give a city or district in your jurisdiction.', '请填写您管辖范围内的市或区（市）。');
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(department).values(body).onConflictDoNothing({ target: department.code }).returning();
    if (!row) throw errors.conflict('body.code', 'This department code is taken.', '该部门编码已被使用。');
    await recordAudit(tx, audit, {
      action: 'department.create',
      targetType: 'department',
      targetId: row.id,
      divisionCode: row.divisionCode,
      fields: Object.keys(body),
    });
    return present(row);
  });
}

export function departmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['access'];
  r.get('/api/departments', {
    config: { permission: 'department.read' },
    schema: { tags, summary: 'Departments you may see', response: { 200: Type.Object({ items: Type.Array(Department) }), ...standardErrors } },
    handler: (req) => listDepartments(ctx, actorOf(req)),
  });
  r.post('/api/departments', {
    config: { permission: 'department.manage' },
    schema: {
      tags,
      summary: 'Register a department at city or district level',
      body: CreateDepartmentBody,
      response: { 201: Department, ...standardErrors, 409: ErrorSchema },
    },
    handler: async (req, reply) => reply.code(201).send(await createDepartment(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
}
