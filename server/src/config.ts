// Every setting Wangge reads, typed, documented and validated at boot.
// The README's configuration table lists exactly these (a test keeps the two in step).
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  sessionSecret: string | undefined;
  fieldKey: string | undefined;
  fieldKeysPrevious: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  lockoutMinutes: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  bodyLimitBytes: number;
  basemapTiles: string | undefined;
  basemapAttribution: string | undefined;
  webDir: string | undefined;
  gridToleranceM2: number;
  remindWorkingHours: number;
  escalateWorkingHours: number;
  duplicateRadiusM: number;
  sweepIntervalSeconds: number;
  lockTimeoutMs: number;
  attachmentsDir: string | undefined;
  attachmentMaxBytes: number;
  importMaxBytes: number;
}

type Parser<T> = (raw: string) => T;

interface Setting<K extends keyof Config> {
  env: string;
  key: K;
  doc: string;
  default: string | undefined;
  parse: Parser<Config[K]>;
}

class ParseError extends Error {}

const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^\d+$/.test(raw)) throw new ParseError(`must be a whole number from ${min} to ${max}`);
    const n = Number(raw);
    if (n < min || n > max) throw new ParseError(`must be a whole number from ${min} to ${max}`);
    return n;
  };

const bool: Parser<boolean> = (raw) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ParseError('must be 1 or 0 (true/false)');
};

const text: Parser<string> = (raw) => raw;
const optionalText: Parser<string | undefined> = (raw) => (raw === '' ? undefined : raw);

const postgresUrl: Parser<string | undefined> = (raw) => {
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ParseError('must be a URL such as postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ParseError('must start with postgres:// or postgresql://');
  }
  return raw;
};

const secret: Parser<string | undefined> = (raw) => {
  if (raw === '') return undefined;
  if (raw.length < 32) throw new ParseError('must be at least 32 characters (leave unset to generate one)');
  return raw;
};

const fieldKey: Parser<string | undefined> = (raw) => {
  if (raw === '') return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(raw)) throw new ParseError('must be 64 hex digits (a 256-bit key)');
  return raw.toLowerCase();
};

const fieldKeyList: Parser<string[]> = (raw) => {
  const keys = raw
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (keys.some((k) => !/^[0-9a-fA-F]{64}$/.test(k))) throw new ParseError('must be keys of 64 hex digits, separated by commas');
  return keys.map((k) => k.toLowerCase());
};

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const logLevel: Parser<Config['logLevel']> = (raw) => {
  const v = raw.toLowerCase();
  if (!(levels as readonly string[]).includes(v)) throw new ParseError(`must be one of ${levels.join(', ')}`);
  return v as Config['logLevel'];
};

const tileUrl: Parser<string | undefined> = (raw) => {
  if (raw === '') return undefined;
  if (!/^https?:\/\//.test(raw) || !raw.includes('{z}')) {
    throw new ParseError('must be an http(s) tile URL template containing {z}, {x} and {y}');
  }
  return raw;
};

function s<K extends keyof Config>(setting: Setting<K>): Setting<K> {
  return setting;
}

export const settings = [
  s({ env: 'PORT', key: 'port', default: '8080', parse: int(0, 65535), doc: 'TCP port the server listens on.' }),
  s({ env: 'HOST', key: 'host', default: '0.0.0.0', parse: text, doc: 'Address the server binds to.' }),
  s({
    env: 'WANGGE_DATA_DIR',
    key: 'dataDir',
    default: './var',
    parse: (raw) => path.resolve(raw),
    doc: 'Data folder: the embedded database, generated secrets and the folder lock. One server per folder.',
  }),
  s({
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    default: '',
    parse: postgresUrl,
    doc: 'PostgreSQL server to use instead of the embedded database, e.g. postgres://wangge@db:5432/wangge.',
  }),
  s({
    env: 'WANGGE_DEMO',
    key: 'demo',
    default: '1',
    parse: bool,
    doc: 'Demo mode: on first start create one demo account per role (password wangge-demo). 0 creates only an administrator with a random password, printed once.',
  }),
  s({
    env: 'WANGGE_SESSION_SECRET',
    key: 'sessionSecret',
    default: '',
    parse: secret,
    doc: 'Secret that signs session cookies (32+ characters). Generated into the data folder when unset.',
  }),
  s({
    env: 'WANGGE_FIELD_KEY',
    key: 'fieldKey',
    default: '',
    parse: fieldKey,
    doc: 'AES-256 key (64 hex digits) that encrypts personal-data fields. Generated into the data folder when unset; every instance on one database must share it.',
  }),
  s({
    env: 'WANGGE_FIELD_KEYS_PREVIOUS',
    key: 'fieldKeysPrevious',
    default: '',
    parse: fieldKeyList,
    doc: 'Earlier field keys (64 hex digits each, comma-separated) during a key rotation: they still open values not yet re-encrypted by `wangge rotate-field-key`. Remove them once the rotation is done.',
  }),
  s({ env: 'WANGGE_LOG_LEVEL', key: 'logLevel', default: 'info', parse: logLevel, doc: `Log level: ${levels.join(', ')}.` }),
  s({
    env: 'WANGGE_SESSION_IDLE_MINUTES',
    key: 'sessionIdleMinutes',
    default: '120',
    parse: int(5, 7 * 24 * 60),
    doc: 'A console session ends after this many minutes without a request.',
  }),
  s({
    env: 'WANGGE_SESSION_MAX_HOURS',
    key: 'sessionMaxHours',
    default: '12',
    parse: int(1, 24 * 30),
    doc: 'A console session ends this many hours after login, however active.',
  }),
  s({
    env: 'WANGGE_LOGIN_MAX_FAILURES',
    key: 'loginMaxFailures',
    default: '5',
    parse: int(1, 100),
    doc: 'Consecutive failed logins after which an account is locked.',
  }),
  s({
    env: 'WANGGE_LOCKOUT_MINUTES',
    key: 'lockoutMinutes',
    default: '15',
    parse: int(1, 24 * 60),
    doc: 'How long a locked account stays locked.',
  }),
  s({
    env: 'WANGGE_COOKIE_SECURE',
    key: 'cookieSecure',
    default: '0',
    parse: bool,
    doc: 'Mark the session cookie Secure (set to 1 behind HTTPS).',
  }),
  s({
    env: 'WANGGE_TRUST_PROXY',
    key: 'trustProxy',
    default: '0',
    parse: bool,
    doc: 'Take the client IP from X-Forwarded-For (set to 1 behind a reverse proxy).',
  }),
  s({
    env: 'WANGGE_BODY_LIMIT_BYTES',
    key: 'bodyLimitBytes',
    default: '1048576',
    parse: int(1024, 100 * 1024 * 1024),
    doc: 'Largest request body accepted; larger ones get 413.',
  }),
  s({
    env: 'WANGGE_BASEMAP_TILES',
    key: 'basemapTiles',
    default: '',
    parse: tileUrl,
    doc: 'Raster tile URL template for the console map, e.g. a 天地图 WMTS URL with {z}/{x}/{y}. Unset: outlines on a plain background, no internet needed.',
  }),
  s({
    env: 'WANGGE_BASEMAP_ATTRIBUTION',
    key: 'basemapAttribution',
    default: '',
    parse: optionalText,
    doc: 'Attribution text shown with the basemap tiles.',
  }),
  s({
    env: 'WANGGE_GRID_TOLERANCE_M2',
    key: 'gridToleranceM2',
    default: '10',
    parse: int(0, 100_000),
    doc: 'Overlaps and gaps between grids up to this many square metres are taken as digitising slivers, not errors.',
  }),
  s({
    env: 'WANGGE_REMIND_WORKING_HOURS',
    key: 'remindWorkingHours',
    default: '4',
    parse: int(1, 200),
    doc: 'A case step turns yellow and its unit is reminded this many working hours before the step is due (at half the time limit when the limit is shorter).',
  }),
  s({
    env: 'WANGGE_ESCALATE_WORKING_HOURS',
    key: 'escalateWorkingHours',
    default: '8',
    parse: int(1, 2000),
    doc: 'A step still overdue this many working hours after its due time is escalated: red supervision and the next centre up is told.',
  }),
  s({
    env: 'WANGGE_DUPLICATE_RADIUS_M',
    key: 'duplicateRadiusM',
    default: '100',
    parse: int(1, 5000),
    doc: 'Open cases of the same matter within this many metres are offered as possible duplicates of a new report.',
  }),
  s({
    env: 'WANGGE_SWEEP_INTERVAL_SECONDS',
    key: 'sweepIntervalSeconds',
    default: '15',
    parse: int(0, 3600),
    doc: 'How often this instance sweeps case timers (reminders, overdue marking, escalation); 0 turns its sweep off. Safe with several instances.',
  }),
  s({
    env: 'WANGGE_LOCK_TIMEOUT_MS',
    key: 'lockTimeoutMs',
    default: '10000',
    parse: int(100, 600_000),
    doc: 'On PostgreSQL, the longest a request waits for a row another transaction holds (a running import holds the persons it writes until it commits); then it gets 503 and may be retried. Jobs that must wait (an import waiting for another) wait as long as it takes.',
  }),
  s({
    env: 'WANGGE_ATTACHMENTS_DIR',
    key: 'attachmentsDir',
    default: '',
    parse: (raw) => (raw === '' ? undefined : path.resolve(raw)),
    doc: 'Folder for attachment files (case photos and documents). Default: attachments/ in the data folder. Every instance on one database must see the same folder.',
  }),
  s({
    env: 'WANGGE_ATTACHMENT_MAX_BYTES',
    key: 'attachmentMaxBytes',
    default: '20971520',
    parse: int(1024, 200 * 1024 * 1024),
    doc: 'Largest attachment accepted (20 MiB by default); a larger file is refused with 413 while it streams in.',
  }),
  s({
    env: 'WANGGE_IMPORT_MAX_BYTES',
    key: 'importMaxBytes',
    default: '536870912',
    parse: int(1024, 4 * 1024 * 1024 * 1024),
    doc: 'Largest registry import file (Excel or CSV) accepted (512 MiB by default, about two million person rows); it is streamed to the data folder, never held in memory.',
  }),
  s({
    env: 'WANGGE_WEB_DIR',
    key: 'webDir',
    default: '',
    parse: optionalText,
    doc: 'Folder of the built console to serve. Default: web/dist of this installation.',
  }),
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Wangge cannot start: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates every setting; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const out: Partial<Record<keyof Config, unknown>> = {};
  for (const setting of settings) {
    const raw = env[setting.env] ?? setting.default ?? '';
    try {
      out[setting.key] = setting.parse(raw.trim());
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      // The value itself is not echoed: it may be a secret.
      problems.push(`${setting.env} ${err.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Config;
}

/** The README's configuration table, generated from the settings above. */
export function configTable(): string {
  const rows = settings.map((st) => `| \`${st.env}\` | ${st.default === '' ? '(unset)' : `\`${st.default}\``} | ${st.doc} |`);
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
