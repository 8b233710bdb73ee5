import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const VARIANTS = ['original', 'public', 'thumbnail'] as const;

export const AttachmentIdParam = Strict({ id: Type.String({ format: 'uuid' }) });

export const ContentQuery = Strict({
  variant: Type.Optional(
    Type.Enum([...VARIANTS], {
      default: 'public',
      description:
        'original: the file as uploaded, byte for byte, with its EXIF and location (evidence); public: an image re-encoded upright without any metadata (a PDF as it is); thumbnail: images only, 320 px WebP',
    }),
  ),
});

/** The upload form, for the OpenAPI document only: the route reads it with readForm (lib/multipart.ts). */
export const UploadForm = Type.Object(
  {
    file: Type.String({
      format: 'binary',
      description: 'JPEG, PNG or WebP photo, or PDF document; the type is judged by the content, not the name',
    }),
    divisionCode: Type.Optional(
      Type.String({
        pattern: '^\\d{12}$',
        description: "the division the file is filed under, inside your jurisdiction; default your home division (a grid worker's community)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const AttachmentSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    fileName: Type.String({ description: 'as the uploader named it, without folders' }),
    kind: Type.Enum(['image', 'document']),
    mime: Type.String({ description: "the original's type, sniffed from its content" }),
    byteSize: Type.Integer({ description: "the original's size" }),
    sha256: Type.String({ description: "SHA-256 of the original, hex: the evidence's fingerprint" }),
    width: Nullable(Type.Integer({ description: 'images: upright width in pixels' })),
    height: Nullable(Type.Integer({ description: 'images: upright height in pixels' })),
    divisionCode: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    urls: Type.Object(
      {
        original: Nullable(Type.String({ description: 'null when you may see only the copies without metadata' })),
        public: Type.String(),
        thumbnail: Nullable(Type.String({ description: 'images only' })),
      },
      { title: 'AttachmentUrls' },
    ),
  },
  { title: 'Attachment' },
);

const headers = {
  etag: { type: 'string', description: 'the SHA-256 of the bytes sent, quoted' },
  'cache-control': { type: 'string', description: 'private, no-cache' },
  'content-disposition': { type: 'string', description: 'inline for images, attachment for PDF; the name in filename* (RFC 5987)' },
  'x-content-type-options': { type: 'string', description: 'nosniff' },
};

/** Bytes, sent from a stream: the blob store's file is never read whole into memory to answer. */
const binary = Type.Unsafe<Buffer | Readable>({ type: 'string', format: 'binary' });

/** The content route's answers besides errors: binary for the OpenAPI document, nothing to serialise. */
export const ContentResponses = {
  200: {
    description: 'The bytes of the variant asked for.',
    headers,
    content: {
      'image/jpeg': { schema: binary },
      'image/png': { schema: binary },
      'image/webp': { schema: binary },
      'application/pdf': { schema: binary },
    },
  },
  304: Type.Null({ description: 'Not modified: the bytes named by If-None-Match are still these.', headers }),
} as const;
