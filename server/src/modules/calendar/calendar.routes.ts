import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { CalendarSchema, CalendarYearSchema, DeadlineQuery, DeadlineSchema, HoursBody, ImportBody, ScheduleBody, YearParam } from './calendar.schemas.js';
import { getCalendar, getYear, importYear, previewDeadline, replaceYear, updateHours } from './calendar.service.js';

export function calendarRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['calendar'];
  const read = { permission: 'calendar.read' as const };
  const manage = { permission: 'calendar.manage' as const };

  r.get('/api/calendar', {
    config: read,
    schema: {
      tags,
      summary: "Your city's work calendar: working hours, each year's schedule status, and warnings for years without a schedule",
      response: { 200: CalendarSchema, ...standardErrors },
    },
    handler: (req) => getCalendar(ctx, actorOf(req)),
  });
  r.get('/api/calendar/deadline', {
    config: read,
    schema: {
      tags,
      summary: 'When a time limit counted from a start falls due (a preview; provisional when it runs through a year without schedule)',
      querystring: DeadlineQuery,
      response: { 200: DeadlineSchema, ...standardErrors },
    },
    handler: (req) => previewDeadline(ctx, actorOf(req), req.query),
  });
  r.put('/api/calendar/hours', {
    config: manage,
    schema: { tags, summary: 'Change the working hours (city centre)', body: HoursBody, response: { 200: CalendarSchema, ...standardErrors } },
    handler: (req) => updateHours(ctx, auditContextOf(req), actorOf(req), req.body.sessions),
  });
  r.get('/api/calendar/:year', {
    config: read,
    schema: {
      tags,
      summary: "A year's holidays and makeup working days, and its status",
      params: YearParam,
      response: { 200: CalendarYearSchema, ...standardErrors },
    },
    handler: (req) => getYear(ctx, actorOf(req), req.params.year),
  });
  r.put('/api/calendar/:year', {
    config: manage,
    schema: {
      tags,
      summary: "Replace a year's schedule from the form (city centre): its holidays and makeup working days",
      params: YearParam,
      body: ScheduleBody,
      response: { 200: CalendarYearSchema, ...standardErrors },
    },
    handler: (req) => replaceYear(ctx, auditContextOf(req), actorOf(req), req.params.year, req.body.days),
  });
  r.post('/api/calendar/:year/import', {
    config: manage,
    schema: {
      tags,
      summary: "Load a year's schedule from a file (city centre); every bad line is reported by number and nothing is stored",
      params: YearParam,
      body: ImportBody,
      response: { 200: CalendarYearSchema, ...standardErrors },
    },
    handler: (req) => importYear(ctx, auditContextOf(req), actorOf(req), req.params.year, req.body.text),
  });
}
