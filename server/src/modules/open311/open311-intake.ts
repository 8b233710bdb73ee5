// Open311 GeoReport v2, POST requests: a member of the public's report, through an application holding
// an API key. It becomes a case like any other (cases/case-intake.ts, actor null): source 'public',
// only under a matter open to public reporting, never dispatched automatically, waiting on the town
// centre's dispatch desk. The reporter's name, phone and e-mail are personal data: they go to the
// case encrypted (with a masked copy for the desk) and are never answered back or logged.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { checkAnswers } from '../matters/matter-attributes.js';
import type { AuditContext } from '../audit/audit.js';
import { reportCase } from '../cases/case-intake.js';
import type { CaseStatus } from '../cases/case.tables.js';
import { noticeFor } from './open311-requests.js';
import { open311Errors } from './open311.presenter.js';
import { findService } from './open311.service.js';
import { open311Request } from './open311.tables.js';

/** A form (or JSON) body as it arrives: a repeated field is a list. */
export type Fields = Record<string, unknown>;

/**
 * One field's value. GeoReport v2: an optional argument sent empty is as if not sent. A field sent
 * twice is refused rather than guessed at.
 */
export function fieldOf(fields: Fields, name: string): string | undefined {
  const v = fields[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) throw open311Errors.bad(`${name} was given more than once.`, `${name} 重复提交。`);
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (text === undefined) throw open311Errors.bad(`${name} must be text.`, `${name} 须为文本。`);
  return text === '' ? undefined : text;
}

const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

function coordinate(fields: Fields, name: 'lat' | 'long', limit: number): number | undefined {
  const raw = fieldOf(fields, name);
  if (raw === undefined) return undefined;
  const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || Math.abs(value) > limit) {
    throw open311Errors.bad(
      `${name} must be a WGS-84 decimal degree between -${limit} and ${limit}.`,
      `${name} 须为 -${limit} 至 ${limit} 之间的 WGS-84 十进制度数。`,
    );
  }
  return value;
}

/** Where: a point is needed to find the grid. An address alone cannot be placed yet. */
function pointOf(fields: Fields): { lat: number; lng: number } {
  const lat = coordinate(fields, 'lat', 90);
  const lng = coordinate(fields, 'long', 180);
  if (lat !== undefined && lng !== undefined) return { lat, lng };
  if (lat !== undefined || lng !== undefined) throw open311Errors.bad('Send both lat and long.', '须同时提供 lat 和 long。');
  if (fieldOf(fields, 'address_string') || fieldOf(fields, 'address_id')) {
    throw open311Errors.bad(
      'lat and long are required: a report is placed in its grid by its point, and this endpoint cannot place an address_string or address_id yet.',
      '须提供 lat 和 long：诉求按位置归入网格，本接口暂不能根据 address_string 或 address_id 定位。',
    );
  }
  throw open311Errors.bad('A location is required: send lat and long.', '缺少位置：请提供 lat 和 long。');
}

const CJK = /[\u3400-\u9fff]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{2,30}$/;

/**
 * The reporter's contact, checked. device_id and account_id are accepted and not kept: the desk
 * needs a way to call back, not the reporter's device or their account elsewhere.
 */
function contactOf(fields: Fields): { name?: string; phone?: string; email?: string } {
  const first = fieldOf(fields, 'first_name');
  const last = fieldOf(fields, 'last_name');
  const email = fieldOf(fields, 'email');
  const phone = fieldOf(fields, 'phone');
  if (email && !EMAIL.test(email)) throw open311Errors.bad('email is not an e-mail address.', 'email 格式不正确。');
  if (phone && !PHONE.test(phone)) throw open311Errors.bad('phone is not a phone number.', 'phone 格式不正确。');
  // A Chinese name is written family name first, without a space.
  const name = first && last ? (CJK.test(first + last) ? `${last}${first}` : `${first} ${last}`) : (first ?? last);
  return { ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
}

function mediaUrlOf(fields: Fields): string | undefined {
  const raw = fieldOf(fields, 'media_url');
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw open311Errors.bad('media_url must be an http(s) URL.', 'media_url 须为 http(s) 网址。');
  }
  return url.toString();
}

/** The desk's list shows a title: the description's first line, or the service's name. */
function titleOf(description: string | undefined, serviceName: string): string {
  const line = description?.split(/\r?\n/)[0]?.trim() ?? '';
  if (!line) return `${serviceName}（公众上报）`;
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

const ATTRIBUTE_FIELD = /^attribute\[([^\]]*)\](\[\])?$/;

/**
 * The attribute[CODE] fields of a report (attribute[CODE][]=key, repeated, for a multivaluelist; a
 * JSON body may also send them as an object under `attribute`), by code, and checked against the
 * service's attributes: each problem a 400 naming the field as the client sent it.
 */
function answersOf(fields: Fields, defs: Parameters<typeof checkAnswers>[0]) {
  const given = new Map<string, unknown[]>();
  const add = (code: string, v: unknown) => given.set(code, [...(given.get(code) ?? []), ...(Array.isArray(v) ? v : [v])]);
  for (const [k, v] of Object.entries(fields)) {
    const m = ATTRIBUTE_FIELD.exec(k);
    if (m) add(m[1] ?? '', v);
  }
  const nested = fields.attribute;
  if (nested !== undefined) {
    if (!nested || typeof nested !== 'object' || Array.isArray(nested)) {
      throw open311Errors.bad('attribute must be sent as attribute[CODE]=value.', 'attribute 须以 attribute[CODE]=value 的形式提交。');
    }
    for (const [k, v] of Object.entries(nested)) add(k, v);
  }
  // A single value stays a single value: a multivaluelist takes a list, any other datatype refuses one.
  const single = new Map([...given].map(([code, list]) => [code, list.length === 1 ? list[0] : list]));
  return checkAnswers(
    defs,
    single,
    (code) => `attribute[${code}]`,
    (p) => open311Errors.bad(p.en, p.zh),
  );
}

/** The intake's refusals in Open311 terms: its fields are the API's, not this endpoint's. */
function fromIntake(err: AppError): never {
  if (err.field === 'body.lng' || err.field === 'body.lat') {
    throw open311Errors.bad('lat/long lies outside every grid of this jurisdiction.', 'lat/long 所在位置不在本市任何网格内。');
  }
  if (err.field === 'body.matterCode') {
    throw open311Errors.notFound(
      'service_code was not found among the services open to public reporting.',
      '未找到该 service_code：它不在向公众开放上报的事项中。',
    );
  }
  const attribute = /^body\.attributes\.(.+)$/.exec(err.field ?? '')?.[1];
  if (attribute !== undefined) {
    const named = (text: string) => text.replace(`attributes.${attribute}`, `attribute[${attribute}]`);
    throw open311Errors.bad(named(err.message), named(err.messageZh));
  }
  throw open311Errors.bad(err.message, err.messageZh);
}

export async function postRequest(ctx: AppContext, audit: AuditContext, clientId: string, fields: Fields) {
  const code = fieldOf(fields, 'service_code');
  if (!code) throw open311Errors.bad('service_code is required.', '缺少 service_code。');
  const service = await findService(ctx, code);
  const point = pointOf(fields);
  const reporter = contactOf(fields);
  const description = fieldOf(fields, 'description');
  if (description && description.length > 4000) throw open311Errors.bad('description is longer than 4,000 characters.', 'description 超过 4000 字。');
  const mediaUrl = mediaUrlOf(fields);
  const address = fieldOf(fields, 'address_string');
  const attributes = answersOf(fields, service.attributes);
  // The token GeoReport v2 offers for requests that get their id later; ours have it at once.
  const token = randomBytes(12).toString('base64url');

  const { case: created } = await reportCase(
    ctx,
    audit,
    null,
    {
      title: titleOf(description, service.name),
      description,
      lng: point.lng,
      lat: point.lat,
      crs: 'wgs84',
      ...(address ? { address } : {}),
      matterCode: service.code,
      // Checked above; the intake checks them again against the version it files the case under.
      attributes: Object.fromEntries(attributes.map((a) => [a.code, a.value])),
      ...(Object.keys(reporter).length ? { reporter } : {}),
    },
    token,
  ).catch((err: unknown) => (err instanceof AppError && err.status === 400 ? fromIntake(err) : Promise.reject(err)));
  await ctx.db.insert(open311Request).values({ caseId: created.id, clientId, mediaUrl: mediaUrl ?? null, createdAt: ctx.now() });
  return { service_request_id: created.number, token, service_notice: noticeFor(created.status as CaseStatus) };
}
