import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { UpdateOf } from './base-schemas.js';
import { Change, Day, Nullable, Text, Uuid } from './person.schemas.js';
import { riskLevels, watchedKinds, watchedStatuses } from './watched.service.js';

const watchedFields = {
  kind: Type.Enum([...watchedKinds], { description: 'GB/T 31000 special groups' }),
  riskLevel: Type.Enum([...riskLevels]),
  responsibleUnitId: Type.Optional(Nullable(Uuid)),
  helpers: Type.Optional(Type.String({ maxLength: 200, description: '帮扶人: who helps them' })),
  followUpDays: Type.Integer({ minimum: 1, maximum: 366, description: 'how often they are followed up, in days' }),
  lastFollowUpOn: Type.Optional(Nullable(Day)),
  note: Type.Optional(Text(2000, 'stored encrypted; shown to the responsible roles only')),
  status: Type.Optional(Type.Enum([...watchedStatuses])),
};

export const WatchedBody = Strict({ personId: Uuid, ...watchedFields });
export const WatchedUpdateBody = UpdateOf(watchedFields);
export const FollowUpBody = Strict({
  on: Day,
  note: Type.Optional(Text(2000, 'stored encrypted')),
});

export const WatchedListQuery = Strict({
  ...pageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'the beginning of the name' })),
  kind: Type.Optional(Type.Enum([...watchedKinds])),
  riskLevel: Type.Optional(Type.Enum([...riskLevels])),
  status: Type.Optional(Type.Enum([...watchedStatuses])),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  gridCode: Type.Optional(Type.String({ maxLength: 40 })),
  overdue: Type.Optional(Type.Boolean({ description: 'true: active records never followed up, or whose last follow-up plus the frequency lies before today' })),
});

const watchedRow = {
  id: Type.String(),
  personId: Type.String(),
  personName: Type.String(),
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  kind: Type.String(),
  riskLevel: Type.String(),
  responsibleUnitId: Nullable(Type.String()),
  responsibleUnitName: Nullable(Type.String()),
  helpers: Type.String(),
  followUpDays: Type.Integer(),
  lastFollowUpOn: Nullable(Type.String()),
  nextFollowUpBy: Nullable(Type.String()),
  overdue: Type.Boolean(),
  status: Type.String(),
  divisionCode: Type.String(),
  gridCode: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
};
export const WatchedSchema = Type.Object(watchedRow, { title: 'WatchedPerson' });
export const WatchedPageSchema = Page(WatchedSchema);
export const WatchedDetailSchema = Type.Object(
  {
    ...watchedRow,
    note: Nullable(Type.String()),
    followUps: Type.Array(
      Type.Object({ on: Type.String(), note: Nullable(Type.String()), actorName: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) }),
    ),
    history: Type.Array(Change),
  },
  { title: 'WatchedPersonDetail' },
);
