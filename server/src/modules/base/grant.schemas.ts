import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { baseRegistries } from './base-access.js';
import { Nullable, Uuid } from './person.schemas.js';

export const GrantBody = Strict({
  unitId: Uuid,
  registry: Type.Enum([...baseRegistries]),
  divisionCode: Type.String({ pattern: '^\\d{12}$', description: 'a division inside your jurisdiction: its records and those below it are opened' }),
  reason: Type.String({ minLength: 1, maxLength: 200 }),
  expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time', description: 'none: until revoked' }))),
});

export const GrantListQuery = Strict({
  ...pageQuery,
  unitId: Type.Optional(Uuid),
  registry: Type.Optional(Type.Enum([...baseRegistries])),
  active: Type.Optional(Type.Boolean()),
});

export const GrantSchema = Type.Object(
  {
    id: Type.String(),
    unitId: Type.String(),
    unitName: Type.String(),
    registry: Type.String(),
    divisionCode: Type.String(),
    divisionName: Type.String(),
    reason: Type.String(),
    grantedByName: Type.String(),
    grantedAt: Type.String({ format: 'date-time' }),
    expiresAt: Nullable(Type.String({ format: 'date-time' })),
    revokedAt: Nullable(Type.String({ format: 'date-time' })),
    active: Type.Boolean(),
  },
  { title: 'BaseGrant' },
);
export const GrantPageSchema = Page(GrantSchema);
