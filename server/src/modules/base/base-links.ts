// Links between base records (a dwelling's owner, a rental's landlord and tenants, a household's
// members): a linked person must be one the writer finds through the person gate, so a link never
// reaches outside the jurisdiction, and the answer never says whether an unseen person exists.
import { and, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import type { Actor } from '../access/access.js';
import { visibleBaseWhere } from './base-access.js';
import { person } from './base.tables.js';

export interface LinkedPerson {
  id: string;
  name: string;
}

/** The persons of `ids` the actor finds, by id; any other id is a 400 naming `field`. */
export async function linkedPersons(db: Executor, ctx: AppContext, actor: Actor, ids: readonly string[], field: string): Promise<Map<string, LinkedPerson>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: person.id, name: person.name })
    .from(person)
    .where(and(inArray(person.id, wanted), visibleBaseWhere(actor, 'person', person, ctx.now())));
  if (rows.length !== wanted.length) throw errors.validation(`body.${field}`, 'No such person in your jurisdiction.', '该人员不存在或不在您的管辖范围内。');
  return new Map(rows.map((r) => [r.id, r]));
}

/** The 409 of an edit made on a stale read. */
export function staleVersion(what: string, whatZh: string) {
  return errors.conflict('body.version', `The ${what} was changed meanwhile: reload and try again.`, `该${whatZh}信息已被他人修改，请刷新后重试。`);
}
