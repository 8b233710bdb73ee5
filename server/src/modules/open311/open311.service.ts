// Open311 GeoReport v2, the catalogue side: which jurisdiction this endpoint serves, the discovery
// document, the services (the published matter list's matters that are open to public reporting,
// Art. 12 向社会公布) and their definitions. Requests are in open311-requests.ts and open311-intake.ts.
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { publicCity, publicMatters } from '../matters/matter.service.js';
import { open311Errors } from './open311.presenter.js';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's discovery document last changed. */
const CHANGESET = new Date('2026-12-04T00:00:00+08:00');

export interface Jurisdiction {
  /** The city's 12-digit division code. */
  code: string;
  name: string;
  /** The city's UTC offset, for the W3C date-times of the responses. */
  offsetMinutes: number;
}

/**
 * The one jurisdiction this endpoint serves: the installation's city. GeoReport v2 makes
 * jurisdiction_id optional for such an endpoint; given, it must be the city's code (370400, or the
 * 12-digit 370400000000), otherwise 404.
 */
export async function jurisdictionOf(ctx: AppContext, given: string | undefined): Promise<Jurisdiction> {
  const city = await publicCity(ctx.db);
  if (!city) throw open311Errors.notFound('This endpoint serves no jurisdiction yet.', '本系统尚未配置所服务的城市。');
  const short = city.code.slice(0, 6);
  if (given && given !== short && given !== city.code) {
    throw open311Errors.notFound(
      `jurisdiction_id was not found: this endpoint serves ${short} (${city.name}) only.`,
      `未找到该 jurisdiction_id：本接口只服务${city.name}（${short}）。`,
    );
  }
  const offsetMinutes = (await ctx.calendars.get(city.code))?.offsetMinutes ?? 480;
  return { code: city.code, name: city.name, offsetMinutes };
}

export function discovery(ctx: AppContext, j: Jurisdiction, url: string) {
  const changeset = CHANGESET.toISOString().replace('.000Z', 'Z');
  return {
    changeset,
    contact: `${j.name}网格化服务管理中心 / the grid service and management centre of ${j.name}`,
    key_service: `POST requests needs an api_key: ask the city centre for one (they make it with \`wangge open311-key <name>\`). / 提交诉求须使用 api_key，请向市网格化服务管理中心申请。`,
    endpoints: [
      {
        specification: SPECIFICATION,
        url,
        changeset,
        type: ctx.config.demo ? 'test' : 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

/** The published matters open to public reporting; none while no version is published. */
export async function publicServices(ctx: AppContext) {
  try {
    return (await publicMatters(ctx)).matters.filter((m) => m.public);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return [];
    throw err;
  }
}

export async function serviceList(ctx: AppContext) {
  return (await publicServices(ctx)).map((m) => ({
    service_code: m.code,
    service_name: m.name,
    description: m.description,
    // A client reads the definition first only when the matter asks for attributes.
    metadata: m.attributes.length > 0,
    // A report is a case at once: its number is the service_request_id.
    type: 'realtime',
    keywords: [m.category, m.departmentName].join(', '),
    group: m.category,
  }));
}

/** A service the public may report under, or 404. */
export async function findService(ctx: AppContext, code: string) {
  const found = (await publicServices(ctx)).find((m) => m.code === code);
  if (!found) {
    throw open311Errors.notFound(
      'service_code was not found among the services open to public reporting.',
      '未找到该 service_code：它不在向公众开放上报的事项中。',
    );
  }
  return found;
}

/** A service definition: the matter's attributes as GeoReport v2 lists them (order 1, 2, …; values for the list types only). */
export async function serviceDefinition(ctx: AppContext, code: string) {
  const found = await findService(ctx, code);
  return {
    service_code: found.code,
    attributes: found.attributes.map((a, i) => ({
      // Every attribute asks the reporter for a value; none is informational only.
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription ?? null,
      order: i + 1,
      description: a.description,
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
    })),
  };
}
