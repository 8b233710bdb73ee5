// Field-key rotation (Art. 10: personal data encrypted at rest, the key rotated). Every sealed column
// of the schema is listed here, once; `rotateFieldKeys` re-encrypts each value not yet under the
// current key and recomputes its keyed hash, batch by batch, so it can be stopped and run again, and a
// second run finds nothing to do. It ends by recording the current key's fingerprint, which the server
// (bootstrap.checkFieldKey) and restore compare with the keys they hold.
import { and, asc, count, eq, gt, isNotNull, notLike, or, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { type BlindIndexKind, type FieldCipher, keyFingerprint } from '../../lib/crypto.js';
import { appUser } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { organisation, person, watchedFollowUp, watchedPerson } from '../base/base.tables.js';
import type { PersonValues } from '../base/person-input.js';
import { idKindOf } from '../base/person.service.js';
import { normalisePersonal } from '../base/personal-fields.js';
import { caseRecord } from '../cases/case.tables.js';
import { systemSetting } from './system.tables.js';

export const FINGERPRINT_SETTING = 'fieldKeyFingerprint';

export interface SealedColumn {
  /** A column holding FieldCipher.encrypt output ("v2.<key id>.…"). */
  sealed: AnyPgColumn;
  /** Its keyed hash (blind index), recomputed from the opened value under the current key. */
  hash?: {
    column: AnyPgColumn;
    kind: BlindIndexKind | { by: AnyPgColumn; of: (value: string) => BlindIndexKind };
  };
}

export interface SealedTable {
  table: PgTable;
  /** The primary key the batches walk by. */
  id: AnyPgColumn;
  columns: SealedColumn[];
}

/**
 * Every sealed column of the schema. field-key-rotation.test.ts fails when a table gains a column
 * named *_sealed or *_encrypted (or a *_hash beside one) that is not listed here.
 */
export const sealedTables: SealedTable[] = [
  { table: appUser, id: appUser.id, columns: [{ sealed: appUser.phoneEncrypted }] },
  { table: caseRecord, id: caseRecord.id, columns: [{ sealed: caseRecord.reporterContactEncrypted }] },
  {
    table: person,
    id: person.id,
    columns: [
      // A resident ID number hashes as 'idNumber', a passport or other document as 'document'.
      {
        sealed: person.idNumberSealed,
        hash: { column: person.idNumberHash, kind: { by: person.idKind, of: (idKind) => idKindOf({ idKind: idKind as PersonValues['idKind'] }) } },
      },
      { sealed: person.phoneSealed, hash: { column: person.phoneHash, kind: 'phone' } },
      { sealed: person.registeredAddressSealed, hash: { column: person.registeredAddressHash, kind: 'address' } },
      { sealed: person.currentAddressSealed, hash: { column: person.currentAddressHash, kind: 'address' } },
      { sealed: person.residencePermitSealed },
    ],
  },
  {
    table: organisation,
    id: organisation.id,
    columns: [
      { sealed: organisation.legalRepPhoneSealed, hash: { column: organisation.legalRepPhoneHash, kind: 'phone' } },
      { sealed: organisation.securityContactPhoneSealed, hash: { column: organisation.securityContactPhoneHash, kind: 'phone' } },
    ],
  },
  { table: watchedPerson, id: watchedPerson.id, columns: [{ sealed: watchedPerson.noteSealed }] },
  { table: watchedFollowUp, id: watchedFollowUp.id, columns: [{ sealed: watchedFollowUp.noteSealed }] },
];

export const tableName = (t: SealedTable) => getTableConfig(t.table).name;

export interface RotationProgress {
  table: string;
  /** Rows rewritten so far in this table. */
  rows: number;
  /** Values re-encrypted so far in this table. */
  values: number;
}

export interface RotationSummary {
  tables: RotationProgress[];
  /** Values still under an earlier key after the last pass (0 when the rotation is complete). */
  remaining: number;
  /** The fingerprint recorded as this database's key. */
  fingerprint: string;
  /** Whether anything changed: re-encrypted values or a new fingerprint. */
  changed: boolean;
}

export interface RotationOptions {
  /** Rows per transaction (default 1,000). */
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (p: RotationProgress) => void;
}

/** The stored fingerprint must be one of the ring's keys: else this database was sealed with a key we do not hold. */
export async function storedFingerprint(db: AppContext['db'] | Tx): Promise<string | undefined> {
  const [row] = await db.select().from(systemSetting).where(eq(systemSetting.key, FINGERPRINT_SETTING));
  return row?.value;
}

export class FieldKeyError extends Error {}

function notCurrent(cipher: FieldCipher, t: SealedTable): SQL {
  return or(...t.columns.map((c) => and(isNotNull(c.sealed), notLike(c.sealed, `${cipher.currentPrefix}%`)))) as SQL;
}

/** How many sealed values are not yet under the current key, in every listed table. */
export async function valuesNotCurrent(ctx: AppContext): Promise<number> {
  let n = 0;
  for (const t of sealedTables) {
    for (const c of t.columns) {
      const [row] = await ctx.db
        .select({ n: count() })
        .from(t.table)
        .where(and(isNotNull(c.sealed), notLike(c.sealed, `${ctx.cipher.currentPrefix}%`)));
      n += row?.n ?? 0;
    }
  }
  return n;
}

/** Re-encrypts one batch of a table (rows after `after`, locked while they are rewritten); returns the last id and counts. */
async function rotateBatch(ctx: AppContext, t: SealedTable, after: string | undefined, limit: number) {
  return ctx.db.transaction(async (tx) => {
    // A rotation waits for rows a running import holds, however long (the pool's lock_timeout is for requests).
    if (ctx.database.kind === 'postgres') await tx.execute(sql`SET LOCAL lock_timeout = 0`);
    const fields: Record<string, AnyPgColumn> = { id: t.id };
    t.columns.forEach((c, i) => {
      fields[`s${i}`] = c.sealed;
      if (c.hash) {
        fields[`h${i}`] = c.hash.column;
        if (typeof c.hash.kind === 'object') fields[`k${i}`] = c.hash.kind.by;
      }
    });
    const rows = (await tx
      .select(fields)
      .from(t.table)
      .where(and(notCurrent(ctx.cipher, t), after === undefined ? undefined : gt(t.id, after)))
      .orderBy(asc(t.id))
      .limit(limit)
      .for('update')) as Record<string, string | null>[];
    if (rows.length === 0) return { last: undefined, rows: 0, values: 0 };
    let values = 0;
    const updated = rows.map((r) => {
      const out: Record<string, string | null> = { id: r.id as string };
      t.columns.forEach((c, i) => {
        const sealed = r[`s${i}`] ?? null;
        out[`s${i}`] = sealed;
        if (c.hash) out[`h${i}`] = r[`h${i}`] ?? null;
        if (sealed === null || ctx.cipher.isCurrent(sealed)) return;
        let plain: string;
        try {
          plain = ctx.cipher.decrypt(sealed);
        } catch {
          // The row id and column name only: never the value.
          throw new FieldKeyError(
            `${getTableConfig(t.table).name}.${c.sealed.name} of row ${r.id} cannot be opened with any key of the ring: add the key it was sealed with to WANGGE_FIELD_KEYS_PREVIOUS (or secrets.json "previousFieldKeys")`,
          );
        }
        out[`s${i}`] = ctx.cipher.encrypt(plain);
        if (c.hash) {
          const kind = typeof c.hash.kind === 'string' ? c.hash.kind : c.hash.kind.of(String(r[`k${i}`]));
          out[`h${i}`] = ctx.cipher.blindIndex(kind, normalisePersonal(kind, plain));
        }
        values++;
      });
      return out;
    });
    const name = sql.identifier(getTableConfig(t.table).name);
    const keys = Object.keys(updated[0] as object).filter((k) => k !== 'id');
    const columnOf = (k: string) => {
      const c = t.columns[Number(k.slice(1))] as SealedColumn;
      return k.startsWith('s') ? c.sealed.name : (c.hash?.column.name as string);
    };
    await tx.execute(sql`
      UPDATE ${name} AS t SET ${sql.join(
        keys.map((k) => sql`${sql.identifier(columnOf(k))} = v.${sql.identifier(k)}`),
        sql`, `,
      )}
      FROM jsonb_to_recordset(${JSON.stringify(updated)}::jsonb) AS v(id uuid, ${sql.join(
        keys.map((k) => sql`${sql.identifier(k)} text`),
        sql`, `,
      )})
      WHERE t.${sql.identifier(t.id.name)} = v.id`);
    return { last: updated[updated.length - 1]?.id as string, rows: rows.length, values };
  });
}

/**
 * Re-encrypts every sealed value not under the current key and recomputes its hash, then records the
 * current key's fingerprint. Refuses when the database's recorded key is not in the ring. Values written
 * meanwhile under an earlier key (by an instance still running with it) are picked up by further passes.
 */
export async function rotateFieldKeys(ctx: AppContext, audit: AuditContext, options: RotationOptions = {}): Promise<RotationSummary> {
  const batchSize = options.batchSize ?? 1000;
  const recorded = await storedFingerprint(ctx.db);
  const current = keyFingerprint(ctx.cipher.keyBytes);
  if (recorded !== undefined && !ctx.cipher.fingerprints.includes(recorded)) {
    throw new FieldKeyError(
      `this database was encrypted with a field key (fingerprint ${recorded}) that is neither the current key (${current}) nor one of the previous keys given; nothing was changed`,
    );
  }
  const progress = new Map<string, RotationProgress>(sealedTables.map((t) => [tableName(t), { table: tableName(t), rows: 0, values: 0 }]));
  let remaining = 0;
  for (let pass = 0; pass < 3; pass++) {
    for (const t of sealedTables) {
      const p = progress.get(tableName(t)) as RotationProgress;
      let after: string | undefined;
      for (;;) {
        const batch = await rotateBatch(ctx, t, after, batchSize);
        if (batch.last === undefined) break;
        after = batch.last;
        p.rows += batch.rows;
        p.values += batch.values;
        options.onProgress?.({ ...p });
      }
    }
    remaining = await valuesNotCurrent(ctx);
    if (remaining === 0) break;
  }
  const values = [...progress.values()].reduce((n, p) => n + p.values, 0);
  const tables = [...progress.values()];
  if (remaining > 0) return { tables, remaining, fingerprint: recorded ?? current, changed: values > 0 };
  if (recorded === current && values === 0) return { tables, remaining, fingerprint: current, changed: false };
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(systemSetting)
      .values({ key: FINGERPRINT_SETTING, value: current })
      .onConflictDoUpdate({ target: systemSetting.key, set: { value: current, updatedAt: ctx.now() } });
    await recordAudit(tx, audit, {
      action: 'system.fieldKey.rotate',
      detail: `${values} values re-encrypted under key ${current}${recorded && recorded !== current ? ` (was ${recorded})` : ''}`,
    });
  });
  return { tables, remaining, fingerprint: current, changed: true };
}
