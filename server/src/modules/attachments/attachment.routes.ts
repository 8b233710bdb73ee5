import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { namesEtag, standardErrors } from '../../lib/http.js';
import { readForm } from '../../lib/multipart.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { AttachmentIdParam, AttachmentSchema, ContentQuery, ContentResponses, UploadForm } from './attachment.schemas.js';
import { attachmentContent, getAttachment, uploadAttachment } from './attachment.service.js';

/** Registered by app.ts inside a scope that has @fastify/multipart; no other route accepts multipart bodies. */
export function attachmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['attachments'];
  const read = { permission: 'attachment.read' as const };

  r.post('/api/attachments', {
    config: {
      permission: 'attachment.upload',
      multipart: true,
      // The form is read by readForm while it streams, not by the validator: the OpenAPI document
      // alone is told its fields.
      swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, consumes: ['multipart/form-data'], body: UploadForm }, url }),
    },
    schema: {
      tags,
      summary:
        'Upload a photo or file (multipart/form-data, field `file`): JPEG, PNG, WebP or PDF by content; the original is kept as evidence, copies without EXIF or location are made of images',
      response: { 201: AttachmentSchema, ...standardErrors },
    },
    handler: async (req, reply) => {
      const form = await readForm(req, { file: 'file', fields: ['divisionCode'], maxFileBytes: ctx.config.attachmentMaxBytes });
      const upload = { fileName: form.file.fileName, bytes: form.file.bytes, divisionCode: form.fields.divisionCode };
      return reply.code(201).send(await uploadAttachment(ctx, auditContextOf(req), actorOf(req), upload));
    },
  });

  r.get('/api/attachments/:id', {
    config: read,
    schema: {
      tags,
      summary: "An attachment's description and the links to the variants you may fetch",
      params: AttachmentIdParam,
      response: { 200: AttachmentSchema, ...standardErrors },
    },
    handler: (req) => getAttachment(ctx, actorOf(req), req.params.id),
  });

  r.get('/api/attachments/:id/content', {
    config: read,
    schema: {
      tags,
      summary: "An attachment's bytes: the original (evidence, audited), the public copy without metadata, or the thumbnail",
      params: AttachmentIdParam,
      querystring: ContentQuery,
      response: { ...ContentResponses, ...standardErrors },
    },
    handler: async (req, reply) => {
      const content = await attachmentContent(ctx, auditContextOf(req), actorOf(req), req.params.id, req.query.variant ?? 'public');
      // Revalidated on every use (access may change), never stored by shared caches, never sniffed by the browser.
      reply
        .header('cache-control', 'private, no-cache')
        .header('etag', content.etag)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', content.disposition);
      const ifNoneMatch = req.headers['if-none-match'];
      if (ifNoneMatch !== undefined && namesEtag(ifNoneMatch, content.etag)) return reply.code(304).send(null);
      const blob = await ctx.blobs.stream(content.key);
      // A row whose bytes are gone is lost evidence: a server fault to log, not a 404.
      if (!blob) throw new Error('attachment blob missing from the store');
      return reply.type(content.mime).header('content-length', blob.byteSize).send(blob.body);
    },
  });
}
