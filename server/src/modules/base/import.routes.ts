import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import type { Static, TObject } from 'typebox';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import { pageParams, standardErrors } from '../../lib/http.js';
import { loggableError } from '../../lib/loggable-error.js';
import { readFormToFile } from '../../lib/multipart.js';
import type { Actor } from '../access/access.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import {
  buildingExport,
  careExport,
  disputeExport,
  dwellingExport,
  type ExportSpec,
  exportRegistry,
  hazardExport,
  householdExport,
  organisationExport,
  personExport,
  watchedExport,
} from './export.service.js';
import { type ImportFormat, type ImportRegistry, importRegistries } from './import-columns.js';
import { templateFile } from './import-template.js';
import {
  ErrorsQuery,
  FileResponses,
  ImportIdParam,
  ImportProblemPage,
  ImportSchema,
  BuildingExportQuery,
  CareExportQuery,
  DisputeExportQuery,
  DwellingExportQuery,
  HazardExportQuery,
  HouseholdExportQuery,
  OrganisationExportQuery,
  PersonExportQuery,
  ReportQuery,
  TemplateParam,
  UploadForm,
  WatchedExportQuery,
} from './import.schemas.js';
import { type ImportMode, getImport, importModes, importReport, importsSettled, importUploadPath, listImportErrors, startImport } from './import.service.js';
import { attachmentDisposition, contentTypes, writeTableFile } from './table-file.js';

function sendFile(reply: FastifyReply, format: ImportFormat, fileName: string, body: Readable) {
  return reply
    .type(contentTypes[format])
    .header('content-disposition', attachmentDisposition(fileName))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

/** Registered by app.ts inside a scope with @fastify/multipart (the upload streams its file to disk). */
export function importRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  // A job still running when the server stops is waited for: its batches commit before the database closes.
  app.addHook('onClose', () => importsSettled());

  r.get('/api/base-imports/templates/:name', {
    config: { permission: 'base.import' },
    schema: {
      tags,
      summary: "A registry's import template: Chinese column titles, a hidden row of English keys, lists of choices (xlsx) and an example row",
      params: TemplateParam,
      response: { ...FileResponses, ...standardErrors },
    },
    handler: async (req, reply) => {
      const [registry, format] = req.params.name.split('.') as [ImportRegistry, ImportFormat];
      const file = templateFile(registry, format);
      return sendFile(reply, format, file.fileName, file.body);
    },
  });

  r.post('/api/base-imports', {
    config: {
      permission: 'base.import',
      multipart: true,
      swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, consumes: ['multipart/form-data'], body: UploadForm }, url }),
    },
    schema: {
      tags,
      summary:
        'Upload a filled-in template (multipart: file, registry, mode): 202 with the job; it is checked row by row, then imported (upsert by the key of the registry: ID number, building or dwelling address code, credit code) unless a row is wrong and mode is all',
      response: { 202: ImportSchema, ...standardErrors },
    },
    handler: async (req, reply) => {
      const id = randomUUID();
      const form = await readFormToFile(
        req,
        { file: 'file', fields: ['registry', 'mode'], maxFileBytes: ctx.config.importMaxBytes },
        await importUploadPath(ctx, id),
      );
      const { registry, mode = 'all' } = form.fields;
      const refuse = (field: string, message: string, messageZh: string) => errors.validation(field, message, messageZh);
      let problem: Error | undefined;
      if (registry === undefined) problem = refuse('registry', 'Say which registry the file is for.', '请指定导入的登记类别。');
      else if (!(importRegistries as readonly string[]).includes(registry))
        problem = refuse('registry', `The registry must be one of: ${importRegistries.join(', ')}.`, `登记类别须为：${importRegistries.join('、')}。`);
      else if (!(importModes as readonly string[]).includes(mode))
        problem = refuse('mode', 'The mode must be all or validOnly.', '导入方式须为 all（全部）或 validOnly（仅有效行）。');
      if (problem) {
        await rm(form.file.path, { force: true });
        throw problem;
      }
      const job = await startImport(
        ctx,
        auditContextOf(req),
        actorOf(req),
        { id, registry: registry as ImportRegistry, mode: mode as ImportMode, fileName: form.file.fileName, path: form.file.path, bytes: form.file.bytes },
        (err) => req.log.error({ err: loggableError(err as Error) }, 'import job failed'),
      );
      return reply.code(202).send(job);
    },
  });

  r.get('/api/base-imports/:id', {
    config: { permission: 'base.import' },
    schema: {
      tags,
      summary: "An import job's status and counts (rows read, valid, invalid, created, updated, unchanged) and its progress; its uploader's only",
      params: ImportIdParam,
      response: { 200: ImportSchema, ...standardErrors },
    },
    handler: (req) => getImport(ctx, actorOf(req), req.params.id),
  });

  r.get('/api/base-imports/:id/errors', {
    config: { permission: 'base.import' },
    schema: {
      tags,
      summary: "An import's row-by-row report: the row as numbered in the file, the column title and what is wrong (zh, en); never the value",
      params: ImportIdParam,
      querystring: ErrorsQuery,
      response: { 200: ImportProblemPage, ...standardErrors },
    },
    handler: (req) => listImportErrors(ctx, actorOf(req), req.params.id, pageParams(req.query)),
  });

  r.get('/api/base-imports/:id/report', {
    config: { permission: 'base.import' },
    schema: {
      tags,
      summary: "The import's row-by-row report as a CSV or Excel file",
      params: ImportIdParam,
      querystring: ReportQuery,
      response: { ...FileResponses, ...standardErrors },
    },
    handler: async (req, reply) => {
      const { job, rows } = await importReport(ctx, actorOf(req), req.params.id);
      const format = req.query.format;
      async function* cells() {
        for await (const p of rows) yield [p.row, p.column, p.messageZh, p.message];
      }
      const body = writeTableFile({
        format,
        sheetName: '错误报告',
        preamble: `导入文件：${job.fileName}  错误行数：${job.rowsInvalid}`,
        columns: [
          { key: 'row', title: '行号 Row', width: 10 },
          { key: 'column', title: '列 Column', width: 16 },
          { key: 'messageZh', title: '问题', width: 50 },
          { key: 'message', title: 'Problem', width: 60 },
        ],
        rows: cells(),
      });
      return sendFile(reply, format, `导入错误报告-import-errors-${job.id.slice(0, 8)}.${format}`, body);
    },
  });
}

/**
 * One route per exported registry, all through `exportRegistry`: the registry's list filters and a
 * format; the file is what that list shows, masked, under the exporter's name, audited.
 */
export function exportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  function route<Q extends TObject, Row>(
    url: string,
    what: string,
    querystring: Q,
    specOf: (actor: Actor, query: Omit<Static<Q>, 'format'>) => ExportSpec<Row>,
  ) {
    r.get(url, {
      config: { permission: 'base.export' },
      schema: {
        tags: ['base information'],
        summary: `Export the ${what} a list with these filters shows, as CSV or Excel: masked values only, the exporter's name and time on the first row; audited`,
        querystring,
        response: { ...FileResponses, ...standardErrors },
      },
      handler: async (req, reply) => {
        const { format, ...query } = req.query as Static<Q> & { format: ImportFormat };
        const actor = actorOf(req);
        const file = await exportRegistry(ctx, auditContextOf(req), actor, specOf(actor, query), format);
        return sendFile(reply, format, file.fileName, file.body);
      },
    });
  }
  route('/api/persons/export', 'persons', PersonExportQuery, (actor, q) => personExport(ctx, actor, q));
  route('/api/buildings/export', 'buildings', BuildingExportQuery, (actor, q) => buildingExport(ctx, actor, q));
  route('/api/dwellings/export', 'dwellings (rooms; without their owners)', DwellingExportQuery, (actor, q) => dwellingExport(ctx, actor, q));
  route('/api/organisations/export', 'organisations', OrganisationExportQuery, (actor, q) => organisationExport(ctx, actor, q));
  route('/api/households/export', 'households', HouseholdExportQuery, (actor, q) => householdExport(ctx, actor, q));
  route('/api/care-persons/export', 'care persons', CareExportQuery, (actor, q) => careExport(ctx, actor, q));
  route('/api/watched-persons/export', 'watched persons (to the roles responsible for them)', WatchedExportQuery, (actor, q) => watchedExport(ctx, actor, q));
  route('/api/disputes/export', 'disputes', DisputeExportQuery, (actor, q) => disputeExport(ctx, actor, q));
  route('/api/hazards/export', 'hazards', HazardExportQuery, (actor, q) => hazardExport(ctx, actor, q));
}
