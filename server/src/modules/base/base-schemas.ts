// Schema pieces the base registries share: where a record lies (a point or a grid), a change sent
// with the version read, a stated reason to reveal a personal value.
import { type TProperties, type TSchema, Type } from 'typebox';
import { Strict } from '../../lib/http.js';
import { Nullable, Uuid } from './person.schemas.js';

export const IdParam = Strict({ id: Uuid });

/** A point (located to its grid) or a grid chosen by code. */
export const pointOrGrid = {
  gridCode: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'the grid, when no point is given' }))),
  lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
};

const version = Type.Integer({ minimum: 1, description: 'the version read: a stale one gets 409' });

/** A change: every field optional, and the version read. */
export function UpdateOf<T extends TProperties>(fields: T) {
  const optional = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v as TSchema)]));
  return Strict({ ...optional, version } as { [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>> } & { version: typeof version });
}

export function RevealBodyOf<const F extends string>(fields: readonly F[]) {
  return Strict({
    field: Type.Enum([...fields]),
    reason: Type.String({ minLength: 1, maxLength: 200, description: 'why the full value is needed: kept with the audit row' }),
  });
}
