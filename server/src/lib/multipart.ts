// Reading a multipart/form-data upload: one file and a few short text fields, with every limit
// enforced while the body streams in (busboy stops counting a file at its limit and we refuse it),
// so an oversized or malformed upload costs no more than the limits allow. The plugin is
// registered only around the routes that take uploads (app.ts), so JSON routes keep refusing
// multipart bodies with 415. Errors name the form field at fault (`file`, `divisionCode`).
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, errors } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes multipart/form-data (read with readForm), not JSON. */
    multipart?: boolean;
  }
}

export interface FormSpec {
  /** The one file field. */
  file: string;
  /** The text fields the form may carry, each at most once. */
  fields: readonly string[];
  maxFileBytes: number;
  /** Longest text field value, in bytes. */
  maxFieldBytes?: number;
}

export interface Form<F = { fileName: string; bytes: Buffer }> {
  file: F;
  fields: Partial<Record<string, string>>;
}

/** A file streamed to disk rather than held in memory (imports of large files). */
export interface SavedFile {
  fileName: string;
  path: string;
  bytes: number;
}

async function drain(stream: Readable): Promise<void> {
  for await (const _ of stream) {
    // discarded
  }
}

const unreadable = () => errors.validation('body', 'The multipart body could not be read.', '无法解析 multipart 请求体。');

/** Reads the form of a multipart request, or throws the AppError that says what is wrong with it. */
export function readForm(req: FastifyRequest, spec: FormSpec): Promise<Form> {
  // Throws FST_REQ_FILE_TOO_LARGE as soon as the limit is passed.
  return readParts(req, spec, async (part) => ({ fileName: part.filename, bytes: await part.toBuffer() }));
}

/**
 * Reads the form, streaming its file to `path` as it arrives: memory stays flat whatever the size.
 * The file is removed again when the form is refused.
 */
export async function readFormToFile(req: FastifyRequest, spec: FormSpec, path: string): Promise<Form<SavedFile>> {
  try {
    return await readParts(req, spec, async (part) => {
      const out = createWriteStream(path);
      await pipeline(part.file, out);
      if (part.file.truncated) throw errors.fileTooLarge(spec.file, spec.maxFileBytes);
      return { fileName: part.filename, path, bytes: out.bytesWritten };
    });
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}

async function readParts<F>(req: FastifyRequest, spec: FormSpec, takeFile: (part: MultipartFile) => Promise<F>): Promise<Form<F>> {
  if (!req.isMultipart()) throw errors.unsupportedMediaType('multipart/form-data');
  const onlyOneFile = () =>
    errors.validation(spec.file, `Send exactly one file, in the form field ${spec.file}.`, `请在表单字段 ${spec.file} 中上传且仅上传一个文件。`);
  let file: F | undefined;
  const fields: Form['fields'] = {};
  // The first thing wrong with the form; the rest of the body is still read (and dropped), so the
  // answer goes out on a connection that is left in order.
  let problem: AppError | undefined;
  try {
    const parts = req.parts({
      limits: {
        files: 1,
        fields: spec.fields.length,
        parts: spec.fields.length + 1,
        fileSize: spec.maxFileBytes,
        fieldSize: spec.maxFieldBytes ?? 1024,
        fieldNameSize: 100,
        headerPairs: 20,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== spec.file) {
          problem ??= errors.validation(part.fieldname, `This form takes its file in the field ${spec.file}.`, `文件须放在表单字段 ${spec.file} 中。`);
          await drain(part.file);
          continue;
        }
        file = await takeFile(part);
      } else {
        const name = part.fieldname;
        if (!spec.fields.includes(name)) {
          problem ??= errors.validation(name, 'This form does not take this field.', '表单不接受该字段。');
        } else if (name in fields) {
          problem ??= errors.validation(name, 'This field is given more than once.', '该字段重复提交。');
        } else if (part.valueTruncated) {
          problem ??= errors.validation(name, 'This field is too long.', '该字段过长。');
        } else if (typeof part.value !== 'string') {
          problem ??= errors.validation(name, 'This field must be plain text.', '该字段须为纯文本。');
        } else {
          fields[name] = part.value;
        }
      }
    }
  } catch (err) {
    if (problem) throw problem;
    if (err instanceof AppError) throw err;
    switch ((err as { code?: string }).code) {
      case 'FST_REQ_FILE_TOO_LARGE':
        throw errors.fileTooLarge(spec.file, spec.maxFileBytes);
      case 'FST_FILES_LIMIT':
        throw onlyOneFile();
      case 'FST_FIELDS_LIMIT':
      case 'FST_PARTS_LIMIT':
        throw errors.validation('body', 'The form has more parts than this endpoint takes.', '表单包含的字段多于此接口所接受的。');
      default:
        // Malformed framing (no boundary, a part cut short, a field named __proto__ …): bad input, not a server fault.
        throw unreadable();
    }
  }
  if (problem) throw problem;
  if (!file) throw onlyOneFile();
  return { file, fields };
}
