// First start: the territory, and either the demo units and accounts or one administrator.
// Also guards the field-encryption key: an instance started with another key than the one the
// data was encrypted with would write rows nobody can read, so it refuses to start.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { serverRoot } from '../../db/client.js';
import { keyFingerprint } from '../../lib/crypto.js';
import { maskPhone } from '../../lib/phone.js';
import { appUser } from '../access/access.tables.js';
import { type Role, roleNames, roleScope } from '../access/roles.js';
import { insertDemoUnits } from '../access/unit-seed.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { divisionCount } from '../territory/division.store.js';
import { loadTerritory } from '../territory/division.service.js';
import { parseDivisionFile, parseOutlineFile } from '../territory/territory-file.js';
import { systemSetting } from './system.tables.js';

export const DEMO_PASSWORD = 'wangge-demo';
export const bundledDivisionsFile = path.join(serverRoot, 'data', 'zaozhuang-divisions.json');
export const bundledOutlinesFile = path.join(serverRoot, 'data', 'zaozhuang-districts.wgs84.geojson');

const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };

interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string;
  /** The code of the handling unit the account belongs to (unit-seed.ts). */
  unit?: string;
  phone: string;
  description: { zh: string; en: string };
}

const CITY = '370400000000';
const SHIZHONG = '370402000000';

const demo = (a: Omit<DemoAccount, 'roleName'>) => ({ ...a, roleName: roleNames[a.role] });

export const demoAccounts = [
  demo({
    username: 'admin',
    displayName: '系统管理员',
    role: 'sysAdmin',
    divisionCode: CITY,
    phone: '13800000001',
    description: { zh: '全市账号与系统管理', en: 'Accounts and system, whole city' },
  }),
  demo({
    username: 'city',
    displayName: '市中心 王敏',
    role: 'cityCentre',
    divisionCode: CITY,
    unit: '370400-centre',
    phone: '13800000002',
    description: { zh: '市网格化服务管理中心，全市', en: 'City centre, whole city' },
  }),
  demo({
    username: 'shizhong',
    displayName: '市中区中心 李强',
    role: 'districtCentre',
    divisionCode: SHIZHONG,
    unit: '370402-centre',
    phone: '13800000003',
    description: { zh: '市中区网格化服务管理中心', en: '市中区 district centre' },
  }),
  demo({
    username: 'tengzhou',
    displayName: '滕州市中心 赵磊',
    role: 'districtCentre',
    divisionCode: '370481000000',
    unit: '370481-centre',
    phone: '13800000004',
    description: { zh: '滕州市网格化服务管理中心', en: '滕州市 district centre' },
  }),
  demo({
    username: 'zhongxinjie',
    displayName: '中心街街道 孙丽',
    role: 'townCentre',
    divisionCode: '370402001000',
    unit: '370402001-centre',
    phone: '13800000005',
    description: { zh: '市中区中心街街道', en: '中心街街道 town centre, 市中区' },
  }),
  demo({
    username: 'leader',
    displayName: '铁西居委会 周建国',
    role: 'gridLeader',
    divisionCode: '370402001013',
    phone: '13800000006',
    description: { zh: '网格长，中心街街道铁西居委会', en: 'Grid leader, 铁西居委会' },
  }),
  demo({
    username: 'instructor',
    displayName: '中心街街道 吴芳',
    role: 'gridInstructor',
    divisionCode: '370402001013',
    phone: '13800000007',
    description: { zh: '网格指导员，铁西居委会', en: 'Grid instructor, 铁西居委会' },
  }),
  demo({
    username: 'worker',
    displayName: '网格员 郑海燕',
    role: 'gridWorker',
    divisionCode: '370402001013',
    phone: '13800000008',
    description: { zh: '网格员，铁西居委会', en: 'Grid worker, 铁西居委会' },
  }),
  demo({
    username: 'police',
    displayName: '市公安局 陈刚',
    role: 'department',
    divisionCode: CITY,
    unit: '370400-police',
    phone: '13800000009',
    description: { zh: '职能部门：枣庄市公安局', en: 'Department: city police' },
  }),
  demo({
    username: 'auditor',
    displayName: '安全审计员 冯静',
    role: 'auditor',
    divisionCode: CITY,
    phone: '13800000010',
    description: { zh: '审计日志查阅与校验，全市', en: 'Reads and verifies the audit trail, whole city' },
  }),
];

/**
 * The database records the fingerprint of the key its values are sealed with. An instance starts when
 * that key is in its ring: the current key, or (during a rotation, until `wangge rotate-field-key`
 * records the new one) one of the previous keys.
 */
export async function checkFieldKey(ctx: AppContext): Promise<void> {
  const fingerprint = keyFingerprint(ctx.cipher.keyBytes);
  const [row] = await ctx.db.select().from(systemSetting).where(eq(systemSetting.key, 'fieldKeyFingerprint'));
  if (!row) {
    await ctx.db.insert(systemSetting).values({ key: 'fieldKeyFingerprint', value: fingerprint }).onConflictDoNothing();
    return;
  }
  if (!ctx.cipher.fingerprints.includes(row.value)) {
    throw new Error(
      'Wangge cannot start: WANGGE_FIELD_KEY is not the key this database was encrypted with. ' +
        "Every instance on one database must use the same key (see secrets.json in the first instance's data folder); " +
        'during a key rotation, give the earlier key in WANGGE_FIELD_KEYS_PREVIOUS.',
    );
  }
}

export async function ensureTerritory(ctx: AppContext): Promise<boolean> {
  if ((await divisionCount(ctx.db)) > 0) return false;
  const divisions = parseDivisionFile(JSON.parse(readFileSync(bundledDivisionsFile, 'utf8')));
  const outlines = parseOutlineFile(JSON.parse(readFileSync(bundledOutlinesFile, 'utf8')));
  await ctx.db.transaction((tx) => loadTerritory(tx, SYSTEM, divisions, outlines, 'bundled: zaozhuang-districts.wgs84.geojson'));
  return true;
}

/**
 * Creates the first accounts when there are none. Returns the administrator's one-time password
 * in production mode, for main.ts to print once.
 */
export async function ensureAccounts(ctx: AppContext): Promise<{ created: 'demo' | 'admin' | 'none'; adminPassword?: string }> {
  const [existing] = await ctx.db.select({ n: count() }).from(appUser);
  if ((existing?.n ?? 0) > 0) return { created: 'none' };
  if (!ctx.config.demo) {
    const adminPassword = randomBytes(12).toString('base64url');
    const passwordHash = await ctx.passwords.hash(adminPassword);
    await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(appUser)
        .values({
          username: 'admin',
          displayName: '系统管理员',
          passwordHash,
          role: 'sysAdmin',
          scopeKind: 'division',
          divisionCode: CITY,
          mustChangePassword: true,
        })
        .returning({ id: appUser.id });
      await recordAudit(tx, SYSTEM, { action: 'system.bootstrap', targetType: 'user', targetId: row?.id, divisionCode: CITY, detail: 'first administrator' });
    });
    return { created: 'admin', adminPassword };
  }
  const passwordHash = await ctx.passwords.hash(DEMO_PASSWORD);
  await ctx.db.transaction(async (tx) => {
    const unitIds = await insertDemoUnits(tx);
    await tx.insert(appUser).values(
      demoAccounts.map((a) => ({
        username: a.username,
        displayName: a.displayName,
        passwordHash,
        role: a.role,
        scopeKind: roleScope[a.role].kind,
        divisionCode: a.divisionCode,
        departmentId: a.unit ? (unitIds.get(a.unit) ?? null) : null,
        phoneEncrypted: ctx.cipher.encrypt(a.phone),
        phoneMasked: maskPhone(a.phone),
      })),
    );
    await recordAudit(tx, SYSTEM, {
      action: 'system.bootstrap',
      divisionCode: CITY,
      detail: `demo: ${demoAccounts.length} accounts, ${unitIds.size} units`,
    });
  });
  return { created: 'demo' };
}
