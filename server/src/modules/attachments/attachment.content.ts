// What an uploaded file is, judged by its bytes alone, and the copies made of it. The name and the
// declared type the client sends are never believed: a PDF named x.jpg is a PDF, a program named
// photo.jpg is refused. Images are decoded in full (a file that only starts like a JPEG is refused)
// and re-encoded without metadata for every copy shown outside the handling chain; the original is
// kept byte for byte as evidence.
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { errors } from '../../lib/errors.js';

export type AttachmentKind = 'image' | 'document';

/** Decoding an image needs about 4 bytes a pixel: 100 megapixels (10000 × 10000) is the most we open. */
export const MAX_IMAGE_PIXELS = 100_000_000;
export const THUMBNAIL_SIZE = 320;

type OutputFormat = 'jpeg' | 'png' | 'webp';

interface ImageType {
  kind: 'image';
  /** The format sharp must find on decoding; a mismatch with the sniffed type is refused. */
  decodes: string;
  /** The public copy's format: the same as the original's, except HEIC (which browsers cannot show) becomes JPEG. */
  output: OutputFormat;
}
interface DocumentType {
  kind: 'document';
}

const IMAGE_TYPES: Record<string, ImageType> = {
  'image/jpeg': { kind: 'image', decodes: 'jpeg', output: 'jpeg' },
  'image/png': { kind: 'image', decodes: 'png', output: 'png' },
  'image/webp': { kind: 'image', decodes: 'webp', output: 'webp' },
};
const HEIC_TYPES: Record<string, ImageType> = {
  'image/heic': { kind: 'image', decodes: 'heif', output: 'jpeg' },
  'image/heif': { kind: 'image', decodes: 'heif', output: 'jpeg' },
};
const DOCUMENT_TYPES: Record<string, DocumentType> = {
  // Documents are kept as they are: their own metadata (author, XMP) is not stripped.
  'application/pdf': { kind: 'document' },
};

/**
 * Whether this build of sharp can read HEIC (iPhone photos). The prebuilt libvips that sharp ships
 * reads AVIF only (HEVC is patent-encumbered); a libvips built with libde265 lists .heic here.
 */
export function heicReadable(): boolean {
  return (sharp.format.heif?.input.fileSuffix ?? []).includes('.heic');
}

const MIME_OUTPUT: Record<OutputFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The Content-Type of a variant: a HEIC original's public copy is JPEG, every thumbnail WebP. */
export function variantMime(mime: string, variant: 'original' | 'public' | 'thumbnail'): string {
  if (variant === 'thumbnail') return 'image/webp';
  if (variant === 'public') {
    const image = IMAGE_TYPES[mime] ?? HEIC_TYPES[mime];
    if (image) return MIME_OUTPUT[image.output];
  }
  return mime;
}

export interface Inspected {
  kind: AttachmentKind;
  /** Sniffed from the content. */
  mime: string;
  /** Images: the upright size, and the two copies without metadata. */
  image?: { width: number; height: number; publicCopy: Buffer; thumbnail: Buffer };
}

const field = 'file';
const refusedType = () =>
  errors.validation(
    field,
    'Only JPEG, PNG and WebP photos and PDF documents are accepted; judged by its content, this file is none of them.',
    '仅接受 JPEG、PNG、WebP 照片和 PDF 文档；按文件内容判断，该文件不属于其中任何一种。',
  );
const heicRefused = () =>
  errors.validation(
    field,
    'This server cannot read HEIC photos: set the camera to "Most Compatible" (JPEG), or convert the photo before uploading.',
    '本服务器无法读取 HEIC 格式照片：请将相机格式设为"兼容性最佳"（JPEG），或转换格式后再上传。',
  );
const undecodable = () =>
  errors.validation(
    field,
    'The image could not be read: the file is damaged or not the image it claims to be.',
    '无法读取该图片：文件已损坏或并非其声称的图片格式。',
  );
const tooManyPixels = () =>
  errors.validation(
    field,
    `The image has more than ${MAX_IMAGE_PIXELS / 1_000_000} million pixels.`,
    `图片像素超过 ${MAX_IMAGE_PIXELS / 1_000_000} 百万（1 亿）上限。`,
  );
const empty = () => errors.validation(field, 'The file is empty.', '文件为空。');

/** Refuses what is not an accepted type (400 on `file`) and makes an image's public copy and thumbnail. */
export async function inspectFile(bytes: Buffer): Promise<Inspected> {
  if (bytes.length === 0) throw empty();
  const sniffed = await fileTypeFromBuffer(bytes);
  const mime = sniffed?.mime as string | undefined;
  if (!mime) throw refusedType();
  if (DOCUMENT_TYPES[mime]) return { kind: 'document', mime };
  let type = IMAGE_TYPES[mime];
  if (!type && HEIC_TYPES[mime]) {
    if (!heicReadable()) throw heicRefused();
    type = HEIC_TYPES[mime];
  }
  if (!type) throw refusedType();
  return { kind: 'image', mime, image: await copiesOf(bytes, type) };
}

async function copiesOf(bytes: Buffer, type: ImageType) {
  // failOn 'error': a damaged or truncated image is refused; a mere warning (stray bytes some cameras
  // write) is not. Only the first frame of an animated image is read.
  const open = () => sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS });
  let format: string | undefined;
  let pixels: number;
  try {
    const meta = await open().metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? 0);
  } catch {
    throw undecodable();
  }
  if (format !== type.decodes) throw undecodable();
  if (pixels > MAX_IMAGE_PIXELS) throw tooManyPixels();
  try {
    // rotate() with no angle turns the pixels upright by the EXIF orientation; the output carries no
    // metadata at all (no withMetadata/keepExif): EXIF, GPS, XMP, IPTC and comments are gone.
    const upright = open().rotate();
    // PNG stays lossless (its `quality` would quantise it to a palette).
    const encoded = type.output === 'jpeg' ? upright.jpeg({ quality: 90 }) : type.output === 'webp' ? upright.webp({ quality: 90 }) : upright.png();
    const publicCopy = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await open()
      .rotate()
      .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { width: publicCopy.info.width, height: publicCopy.info.height, publicCopy: publicCopy.data, thumbnail };
  } catch {
    throw undecodable();
  }
}
