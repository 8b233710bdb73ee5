// GeoReport v2's two formats from one shape. The JSON is the specification's "Spark convention"
// mapping of its XML: a list is a JSON array, and in XML a wrapper element holding one element per
// item (services → service, service_requests → request, errors → error, …). Every response is built
// here from an explicit list of fields, so nothing of a row reaches a client by accident.
import { XMLBuilder } from 'fast-xml-parser';

export const formats = ['json', 'xml'] as const;
export type Format = (typeof formats)[number];

export const CONTENT_TYPE: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The element each list's items are written as, in XML. */
const ITEM: Record<string, string> = {
  services: 'service',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
};

// XML 1.0 cannot carry most control characters, nor unpaired surrogates; a description typed on a
// phone can hold them. They become U+FFFD in XML (JSON carries them escaped). XML 1.0's Char production:
const isXmlChar = (c: number) =>
  c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

function xmlText(s: string): string {
  let out = '';
  // By code point: a surrogate pair is one character; an unpaired surrogate stays alone and is replaced.
  for (const ch of s) out += isXmlChar(ch.codePointAt(0) ?? 0) ? ch : '\uFFFD';
  return out;
}

function forXml(value: unknown, name: string): unknown {
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    return value.length === 0 ? '' : { [item]: value.map((v) => forXml(v, item)) };
  }
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forXml(v, k)]));
  return xmlText(String(value));
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true, processEntities: true });

/** `root` names the document element: for a list, the wrapper (services, service_requests, errors). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: forXml(value, root) }) as string}`;
}

export function render(format: Format, root: string, value: unknown): string | unknown {
  return format === 'xml' ? toXml(root, value) : value;
}

/** W3C date-time (the specification's format) in the city's own offset: 2026-09-24T16:00:00+08:00. */
export function w3c(d: Date | null | undefined, offsetMinutes: number): string | null {
  if (!d) return null;
  const local = new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// ---- Errors ------------------------------------------------------------------------------------

/**
 * An error as GeoReport v2 answers it: `[{"code":400,"description":"…"}]`, or `<errors><error>…` in
 * XML. The HTTP status is 404 for what does not exist, 403 for a missing or wrong api_key and 400 for
 * anything else (the specification's rule). The description is in Chinese and English.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }

  get description(): string {
    return `${this.en} / ${this.zh}`;
  }
}

export const open311Errors = {
  bad: (en: string, zh: string) => new Open311Error(400, en, zh),
  notFound: (en: string, zh: string) => new Open311Error(404, en, zh),
  key: (en: string, zh: string) => new Open311Error(403, en, zh),
};

export function errorBody(errors: readonly Open311Error[]) {
  return errors.map((e) => ({ code: e.status, description: e.description }));
}
