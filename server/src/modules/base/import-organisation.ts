// Importing organisations (单位组织), key units (重点单位) and key places (重点场所): each row checked
// by the API's rules (organisation.schemas.ts and organisation.service.ts: the credit code by GB 32100,
// its embedded organisation code by GB 11714 except for individual businesses, 92…), placed by its
// point or a grid code the uploader may write, and upserted by its credit code. The contact phones
// are sealed, hashed and masked as the API stores them; an unchanged phone is told by its hash.
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { parseCreditCode } from '../../lib/credit-code.js';
import { parsePhone } from '../../lib/phone.js';
import { nameInitials } from '../../lib/pinyin.js';
import type { Actor } from '../access/access.js';
import { organisation } from './base.tables.js';
import { organisationColumns } from './import-columns.js';
import {
  type CellReader,
  type KeyedRow,
  type PreparedRecord,
  type RegistryImporter,
  type RowPlace,
  foreignByKey,
  rowChecker,
  upsertByKey,
} from './import-rows.js';
import { creditCodeProblems } from './organisation.service.js';
import { sealPersonal } from './personal-fields.js';

interface CheckedOrganisation extends KeyedRow {
  values: {
    creditCode: string;
    name: string;
    kind: string;
    address: string;
    legalRepName: string | null;
    legalRepPhone: string | null;
    employees: number | null;
    keyUnit: boolean;
    placeKind: string | null;
    securityContactName: string | null;
    securityContactPhone: string | null;
    status: string;
  } & RowPlace;
}

const lengths: Record<string, number> = {
  creditCode: 40,
  name: 100,
  address: 200,
  legalRepName: 50,
  legalRepPhone: 20,
  securityContactName: 50,
  securityContactPhone: 20,
  employees: 10,
  gridCode: 40,
  lng: 30,
  lat: 30,
};

export function organisationImporter(ctx: AppContext, actor: Actor, importId: string): RegistryImporter<CheckedOrganisation, PreparedRecord> {
  /** A phone cell in its canonical form, or null; a bad one is a problem (never echoed). */
  function phoneOf(cell: CellReader, field: string): string | null {
    const value = cell.optional(field);
    if (value === null) return null;
    const parsed = parsePhone(value);
    if (parsed.ok) return parsed.value;
    cell.problem({ field, message: 'Must be a mainland mobile or a landline with its area code.', messageZh: '须为手机号码或带区号的固定电话。' });
    return null;
  }

  const sealed = (value: string | null) => {
    const s = value === null ? null : sealPersonal(ctx.cipher, 'phone', value);
    return { sealed: s?.sealed ?? null, hash: s?.hash ?? null, masked: s?.masked ?? null };
  };

  return {
    columns: organisationColumns,

    check: rowChecker(ctx, actor, organisationColumns, lengths, (cell) => {
      const code = cell.text('creditCode');
      let creditCode: string | null = null;
      if (code) {
        const parsed = parseCreditCode(code);
        if (parsed.ok) creditCode = parsed.info.value;
        else {
          const [message, messageZh] = creditCodeProblems[parsed.problem];
          cell.problem({ field: 'creditCode', message, messageZh });
        }
      }
      const values = {
        name: cell.text('name'),
        kind: cell.choice('kind', { field: 'kind', message: 'Give the kind of organisation.', messageZh: '请填写单位类型。' }) ?? '',
        address: cell.text('address'),
        legalRepName: cell.optional('legalRepName'),
        legalRepPhone: phoneOf(cell, 'legalRepPhone'),
        employees: cell.integer('employees', 0, 1_000_000),
        keyUnit: cell.choice('keyUnit') === 'yes',
        placeKind: cell.choice('placeKind') ?? null,
        securityContactName: cell.optional('securityContactName'),
        securityContactPhone: phoneOf(cell, 'securityContactPhone'),
        status: cell.choice('status') ?? 'active',
      };
      return creditCode === null ? null : { key: creditCode, values: { creditCode, ...values } };
    }),

    foreignKeys: (db: Executor, codes: readonly string[]) => foreignByKey(db, actor, organisation, 'creditCode', codes),

    /** The stored columns: the phones sealed, hashed and masked (CPU only, outside the transaction). */
    prepare: (rows: readonly CheckedOrganisation[]) =>
      rows.map((r) => {
        const { legalRepPhone, securityContactPhone, ...v } = r.values;
        const rep = sealed(legalRepPhone);
        const security = sealed(securityContactPhone);
        return {
          rowNo: r.rowNo,
          keyHash: r.keyHash,
          values: {
            ...v,
            nameInitials: nameInitials(v.name),
            legalRepPhoneSealed: rep.sealed,
            legalRepPhoneHash: rep.hash,
            legalRepPhoneMasked: rep.masked,
            securityContactPhoneSealed: security.sealed,
            securityContactPhoneHash: security.hash,
            securityContactPhoneMasked: security.masked,
          },
        };
      }),

    upsert: (tx: Tx, rows: readonly PreparedRecord[]) =>
      upsertByKey(tx, { ctx, actor, importId, registry: 'organisation', table: organisation, key: 'creditCode', rows }),
  };
}
