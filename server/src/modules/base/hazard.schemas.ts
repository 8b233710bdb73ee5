import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { pointOrGrid, UpdateOf } from './base-schemas.js';
import { hazardKinds, hazardLevels, hazardStatuses } from './hazard.service.js';
import { Change, Day, Nullable, Uuid } from './person.schemas.js';

const hazardFields = {
  foundOn: Day,
  kind: Type.Enum([...hazardKinds]),
  level: Type.Enum([...hazardLevels], { description: 'general 一般隐患, major 重大隐患' }),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  organisationId: Type.Optional(Nullable(Uuid)),
  rectifyBy: Type.Optional(Nullable(Day)),
  status: Type.Optional(Type.Enum([...hazardStatuses], { description: 'open → rectifying → rectified (final)' })),
  rectifiedOn: Type.Optional(Nullable(Day)),
};

export const HazardBody = Strict({ ...hazardFields, ...pointOrGrid });
export const HazardUpdateBody = UpdateOf({ ...hazardFields, ...pointOrGrid });

export const HazardListQuery = Strict({
  ...pageQuery,
  kind: Type.Optional(Type.Enum([...hazardKinds])),
  level: Type.Optional(Type.Enum([...hazardLevels])),
  status: Type.Optional(Type.Enum([...hazardStatuses])),
  organisationId: Type.Optional(Uuid),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  gridCode: Type.Optional(Type.String({ maxLength: 40 })),
});

const hazardRow = {
  id: Type.String(),
  foundOn: Type.String(),
  kind: Type.String(),
  level: Type.String(),
  description: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  organisationId: Nullable(Type.String()),
  rectifyBy: Nullable(Type.String()),
  status: Type.String(),
  rectifiedOn: Nullable(Type.String()),
  divisionCode: Type.String(),
  gridCode: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
};
export const HazardSchema = Type.Object(hazardRow, { title: 'Hazard' });
export const HazardPageSchema = Page(HazardSchema);
export const HazardDetailSchema = Type.Object(
  { ...hazardRow, organisationName: Nullable(Type.String()), history: Type.Array(Change) },
  { title: 'HazardDetail' },
);
