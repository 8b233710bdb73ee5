import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';
import { units } from '../../lib/working-time.js';
import { MAX_NAME } from './calendar-schedule.js';

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', description: 'HH:MM, local time of the calendar' });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const DayKindSchema = Type.Enum(['holiday', 'makeupWorkday'], { description: 'holiday (休) or makeupWorkday (调休上班)' });
const StatusSchema = Type.Enum(['chineseDays', 'centre', 'none'], {
  description: 'chineseDays: from the chinese-days package; centre: loaded by the city centre; none: no schedule (counted Monday–Friday, provisional)',
});

export const YearParam = Strict({ year: Type.Integer({ minimum: FIRST_YEAR, maximum: LAST_YEAR }) });

export const SessionSchema = Strict({ start: Time, end: Time }, { title: 'WorkSession' });
export const HoursBody = Strict({ sessions: Type.Array(SessionSchema, { minItems: 1, maxItems: 4, description: 'working sessions of a day, in order' }) });

export const ScheduleDaySchema = Strict(
  { date: DateText, kind: DayKindSchema, name: Type.String({ minLength: 1, maxLength: MAX_NAME, description: 'e.g. 春节' }) },
  { title: 'ScheduleDay' },
);
export const ScheduleBody = Strict({ days: Type.Array(ScheduleDaySchema, { maxItems: 366, description: "the year's holidays and makeup working days" }) });
export const ImportBody = Strict({
  text: Type.String({
    minLength: 1,
    maxLength: 200_000,
    description:
      'the schedule file: one line per day, `2027-01-01,holiday,元旦` or `2027-02-06,workday,春节`; # comments and a `date,kind,name` header are skipped',
  }),
});

export const DeadlineQuery = Strict({
  start: Type.String({ format: 'date-time', description: 'when the clock starts, with its offset, e.g. 2026-12-04T09:00:00+08:00' }),
  amount: Type.Number({ minimum: 0, maximum: 10_000, description: 'the limit, in the unit' }),
  unit: Type.Enum([...units], { description: 'workingHours, workingDays (one day = one working day of hours) or naturalHours (urgent safety matters, 24/7)' }),
});

export const WarningSchema = Type.Object(
  { code: Type.Literal('no_schedule'), year: Type.Integer(), message: Type.String(), messageZh: Type.String() },
  { title: 'CalendarWarning' },
);

const YearSummary = Type.Object(
  {
    year: Type.Integer(),
    status: StatusSchema,
    loadedAt: Nullable(Type.String({ format: 'date-time' })),
    holidays: Type.Integer(),
    makeupWorkdays: Type.Integer(),
    workingDays: Type.Integer({ description: 'working days in the year (Monday–Friday when the status is none)' }),
  },
  { title: 'CalendarYearSummary' },
);

export const CalendarSchema = Type.Object(
  {
    cityCode: Type.String(),
    timeZone: Type.String(),
    sessions: Type.Array(SessionSchema),
    hoursPerDay: Type.Number({ description: 'working hours in one working day' }),
    years: Type.Array(YearSummary),
    warnings: Type.Array(WarningSchema),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'WorkCalendar' },
);

export const CalendarYearSchema = Type.Object(
  {
    year: Type.Integer(),
    status: StatusSchema,
    loadedAt: Nullable(Type.String({ format: 'date-time' })),
    workingDays: Type.Integer(),
    days: Type.Array(ScheduleDaySchema),
    warning: Nullable(WarningSchema),
  },
  { title: 'CalendarYear' },
);

export const DeadlineSchema = Type.Object(
  {
    start: Type.String({ format: 'date-time' }),
    amount: Type.Number(),
    unit: Type.Enum([...units]),
    dueAt: Type.String({ format: 'date-time' }),
    provisional: Type.Boolean({ description: 'the count runs through a year with no loaded schedule' }),
    warnings: Type.Array(WarningSchema),
  },
  { title: 'Deadline' },
);
