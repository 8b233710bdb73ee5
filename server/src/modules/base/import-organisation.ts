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
import type { RowProblem } from './import-person.js';
import type { FileRow } from './import-read.js';
import {
  type KeyedRow,
  type PreparedRecord,
  type RegistryImporter,
  type RowPlace,
  cellProblems,
  cellReader,
  foreignByKey,
  rowPlacer,
  upsertByKey,
} from './import-rows.js';
import { creditCodeProblems } from './organisation.service.js';
import type { Problem } from './person-input.js';
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
  const placer = rowPlacer(ctx, actor);

  /** A phone cell in its canonical form, or null; a bad one is a problem (never echoed). */
  function phoneOf(field: string, cell: string | null, problems: Problem[]): string | null {
    if (cell === null) return null;
    const parsed = parsePhone(cell);
    if (parsed.ok) return parsed.value;
    problems.push({ field, message: 'Must be a mainland mobile or a landline with its area code.', messageZh: '须为手机号码或带区号的固定电话。' });
    return null;
  }

  const sealed = (value: string | null) => {
    const s = value === null ? null : sealPersonal(ctx.cipher, 'phone', value);
    return { sealed: s?.sealed ?? null, hash: s?.hash ?? null, masked: s?.masked ?? null };
  };

  return {
    columns: organisationColumns,

    async check(db: Executor, rows: readonly FileRow[]) {
      await placer.load(db, rows);
      const valid: CheckedOrganisation[] = [];
      const problems: RowProblem[] = [];
      for (const r of rows) {
        const mine: Problem[] = cellProblems(r.cells, lengths);
        const cell = cellReader(organisationColumns, r.cells, mine);
        const code = cell.text('creditCode');
        let creditCode: string | null = null;
        if (code) {
          const parsed = parseCreditCode(code);
          if (parsed.ok) creditCode = parsed.info.value;
          else {
            const [message, messageZh] = creditCodeProblems[parsed.problem];
            mine.push({ field: 'creditCode', message, messageZh });
          }
        }
        const name = cell.text('name');
        const kind = cell.choice('kind');
        if (kind === undefined && !r.cells.kind) mine.push({ field: 'kind', message: 'Give the kind of organisation.', messageZh: '请填写单位类型。' });
        const address = cell.text('address');
        const values = {
          name,
          kind: kind ?? '',
          address,
          legalRepName: cell.optional('legalRepName'),
          legalRepPhone: phoneOf('legalRepPhone', cell.optional('legalRepPhone'), mine),
          employees: cell.integer('employees', 0, 1_000_000),
          keyUnit: cell.choice('keyUnit') === 'yes',
          placeKind: cell.choice('placeKind') ?? null,
          securityContactName: cell.optional('securityContactName'),
          securityContactPhone: phoneOf('securityContactPhone', cell.optional('securityContactPhone'), mine),
          status: cell.choice('status') ?? 'active',
        };
        const place = placer.place(r, mine);
        if (mine.length > 0 || !place || creditCode === null) {
          for (const p of mine) problems.push({ rowNo: r.rowNo, ...p });
          continue;
        }
        valid.push({ rowNo: r.rowNo, keyHash: creditCode, values: { creditCode, ...values, ...place } });
      }
      return { valid, problems };
    },

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
