import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';
import { notificationKinds } from './notify.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Seq = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

export const NotificationListQuery = Strict({
  after: Type.Optional(Seq('return the notifications after this seq (the `next` of the previous answer); without it, the newest')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const NotificationStreamQuery = Strict({
  after: Type.Optional(Seq('start after this seq, as the Last-Event-ID header does (the header wins); without either, only what comes next')),
});

export const NotificationSchema = Type.Object(
  {
    seq: Type.Integer({ description: 'the cursor: increases with every notification of the installation' }),
    id: Type.String(),
    kind: Type.Enum([...notificationKinds]),
    caseId: Nullable(Type.String()),
    caseNumber: Nullable(Type.String()),
    title: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    recipient: Type.Object({
      unitId: Nullable(Type.String({ description: 'your unit or one under it' })),
      centreCode: Nullable(Type.String({ description: 'your centre' })),
      userId: Nullable(Type.String({ description: 'you' })),
    }),
  },
  { title: 'Notification' },
);

export const NotificationPageSchema = Type.Object(
  {
    items: Type.Array(NotificationSchema, { description: 'oldest first' }),
    next: Type.Integer({ description: 'pass as ?after= for what follows (equal to after when nothing new is settled yet)' }),
  },
  { title: 'NotificationPage' },
);
