import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { UpdateOf } from './base-schemas.js';
import { careKinds, careStatuses } from './care.service.js';
import { Change, Day, Nullable, Uuid } from './person.schemas.js';

const careFields = {
  kind: Type.Enum([...careKinds]),
  needs: Type.Optional(Type.String({ maxLength: 500, description: 'what they need' })),
  helper: Type.Optional(Type.String({ maxLength: 100, description: '结对帮扶人: who looks after them' })),
  lastVisitOn: Type.Optional(Nullable(Day)),
  status: Type.Optional(Type.Enum([...careStatuses])),
};

export const CareBody = Strict({ personId: Uuid, ...careFields });
export const CareUpdateBody = UpdateOf(careFields);
export const VisitBody = Strict({ on: Day });

export const CareListQuery = Strict({
  ...pageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'the beginning of the name' })),
  kind: Type.Optional(Type.Enum([...careKinds])),
  status: Type.Optional(Type.Enum([...careStatuses])),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  gridCode: Type.Optional(Type.String({ maxLength: 40 })),
});

const careRow = {
  id: Type.String(),
  personId: Type.String(),
  personName: Type.String(),
  sex: Type.String(),
  birthYear: Nullable(Type.Integer()),
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  kind: Type.String(),
  needs: Type.String(),
  helper: Type.String(),
  lastVisitOn: Nullable(Type.String()),
  status: Type.String(),
  divisionCode: Type.String(),
  gridCode: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
};
export const CareSchema = Type.Object(careRow, { title: 'CarePerson' });
export const CareDetailSchema = Type.Object({ ...careRow, history: Type.Array(Change) }, { title: 'CarePersonDetail' });
export const CarePageSchema = Page(CareSchema);
