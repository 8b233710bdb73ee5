import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';
import { supervisionLevels } from './case.tables.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SupervisionCaseParam = Strict({ id: Type.String({ format: 'uuid', description: 'the case' }) });

export const SuperviseBody = Strict({
  level: Type.Enum(['normal', 'yellow', 'red'], { description: '督办 level: normal 一般, yellow 黄牌, red 红牌' }),
  opinion: Type.String({ minLength: 1, maxLength: 2000, description: "the centre's supervision opinion, shown on the case" }),
});

export const SupervisionSchema = Type.Object(
  {
    id: Type.String(),
    level: Type.Enum(['normal', 'yellow', 'red']),
    centreCode: Type.String({ description: 'the centre that supervised (its division code)' }),
    centreName: Nullable(Type.String()),
    actorId: Nullable(Type.String({ description: 'null: raised by the system when an overdue step passed the escalation delay' })),
    actorName: Nullable(Type.String()),
    opinion: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Supervision' },
);

export const CaseSupervisionsSchema = Type.Object(
  {
    caseId: Type.String(),
    supervision: Type.Enum([...supervisionLevels], { description: "the case's level: the highest given, none when never supervised" }),
    items: Type.Array(SupervisionSchema, { description: 'oldest first' }),
  },
  { title: 'CaseSupervisions' },
);
