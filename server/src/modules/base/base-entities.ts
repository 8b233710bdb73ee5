// Every base registry's table by entity name, with the registry whose grant opens it to a
// department: for code that walks all of them (re-gridding after a grid change, data-quality lists).
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Actor } from '../access/access.js';
import { can } from '../access/roles.js';
import { type BaseRegistry, visibleBaseWhere, visibleWatchedWhere } from './base-access.js';
import type { BaseEntity } from './base-history.js';
import { building, carePerson, dispute, dwelling, hazard, household, organisation, person, rental, watchedPerson } from './base.tables.js';

/** The columns every base record has: where it lies decides who finds it. */
export type LocatedTable = PgTable & { id: AnyPgColumn; divisionCode: AnyPgColumn; gridCode: AnyPgColumn };

export const baseEntities = [
  'building',
  'dwelling',
  'person',
  'household',
  'rental',
  'organisation',
  'watchedPerson',
  'carePerson',
  'dispute',
  'hazard',
] as const;

const tables: Record<BaseEntity, LocatedTable> = {
  building,
  dwelling,
  person,
  household,
  rental,
  organisation,
  watchedPerson,
  carePerson,
  dispute,
  hazard,
};

/** Which grant opens a record to a department: a household is part of the person registry, dwellings and rentals of the building one. */
const registryOf: Record<Exclude<BaseEntity, 'watchedPerson'>, BaseRegistry> = {
  building: 'building',
  dwelling: 'building',
  rental: 'building',
  person: 'person',
  household: 'person',
  organisation: 'organisation',
  carePerson: 'carePerson',
  dispute: 'dispute',
  hazard: 'hazard',
};

export function tableOf(entity: BaseEntity): LocatedTable {
  return tables[entity];
}

/**
 * "The record named by this (entity, id) pair is one the actor finds", as a where clause: through the
 * base gate on the record where it lies now, and for a watched person only for the responsible roles.
 */
export function visibleEntityWhere(actor: Actor, entity: BaseEntity, idColumn: AnyPgColumn, now: Date): SQL {
  const t = tables[entity];
  if (entity === 'watchedPerson' && !can(actor.role, 'watched.read')) return sql`false`;
  const gate = entity === 'watchedPerson' ? visibleWatchedWhere(actor) : visibleBaseWhere(actor, registryOf[entity], t, now);
  return sql`exists (select 1 from ${t} where ${t.id} = ${idColumn} and ${gate})`;
}
