// Rentals (出租房屋登记): a dwelling let to tenants, with the landlord, the contract, its period and
// the last police check. The dwelling's rental flag follows: an active rental sets it, and the end
// of the last active one clears it. Tenants and a registered landlord are persons the writer finds.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { isIsoDate } from '../../lib/dates.js';
import { errors } from '../../lib/errors.js';
import { type Actor, requirePermission } from '../access/access.js';
import type { AuditContext } from '../audit/audit.js';
import { visibleBaseWhere } from './base-access.js';
import { type ChangeSource, diffShown, recordChanges } from './base-history.js';
import { linkedPersons, staleVersion } from './base-links.js';
import { dwelling, rental, rentalTenant } from './base.tables.js';
import { findDwelling, hasActiveRental, requireWritable } from './building.service.js';
import { recordBaseWrite, shownFields, writeOf } from './base-records.js';
import { today } from './person.service.js';
import type { rentalPurposes } from './rental.schemas.js';

type RentalRow = typeof rental.$inferSelect;

export interface RentalBody {
  landlordPersonId?: string | null;
  landlordName?: string | null;
  contractNo?: string | null;
  startsOn: string;
  endsOn?: string | null;
  purpose: (typeof rentalPurposes)[number];
  policeCheckedOn?: string | null;
  tenantIds?: string[];
}
export type RentalUpdate = Partial<RentalBody> & { version: number; status?: 'active' | 'ended' };

/** The period and the police check: real dates, the end not before the start, the check not in the future. */
export function checkRentalDates(v: { startsOn: string; endsOn: string | null; policeCheckedOn: string | null }, todayIs: string): void {
  for (const field of ['startsOn', 'endsOn', 'policeCheckedOn'] as const) {
    const value = v[field];
    if (value !== null && !isIsoDate(value)) throw errors.validation(`body.${field}`, 'Give a real date, YYYY-MM-DD.', '请填写有效日期（YYYY-MM-DD）。');
  }
  if (v.endsOn !== null && v.endsOn < v.startsOn)
    throw errors.validation('body.endsOn', 'The rental cannot end before it starts.', '租赁结束日期不能早于开始日期。');
  if (v.policeCheckedOn !== null && v.policeCheckedOn > todayIs)
    throw errors.validation('body.policeCheckedOn', 'The police check cannot be dated after today.', '治安检查日期不能晚于今天。');
}

async function landlordOf(tx: Tx, ctx: AppContext, actor: Actor, body: Pick<RentalBody, 'landlordPersonId' | 'landlordName'>) {
  if (body.landlordPersonId) {
    const landlord = (await linkedPersons(tx, ctx, actor, [body.landlordPersonId], 'landlordPersonId')).get(body.landlordPersonId);
    return { landlordPersonId: body.landlordPersonId, landlordName: landlord?.name as string };
  }
  const name = body.landlordName?.trim();
  if (!name) throw errors.validation('body.landlordName', 'Name the landlord, or choose them among the persons.', '请填写房东姓名或选择房东。');
  return { landlordPersonId: null, landlordName: name };
}

/** Keeps the dwelling's rental flag with its rentals: set while one is active, cleared when the last active one ends. */
async function followFlag(tx: Tx, ctx: AppContext, actor: Actor, dwellingId: string, wasActive: boolean): Promise<void> {
  const [d] = await tx
    .select({ rental: dwelling.rental, divisionCode: dwelling.divisionCode, version: dwelling.version })
    .from(dwelling)
    .where(eq(dwelling.id, dwellingId));
  if (!d) return;
  const active = await hasActiveRental(tx, dwellingId);
  const flag = active ? true : wasActive ? false : d.rental;
  if (flag === d.rental) return;
  await tx
    .update(dwelling)
    .set({ rental: flag, version: d.version + 1, updatedAt: ctx.now() })
    .where(eq(dwelling.id, dwellingId));
  await recordChanges(tx, [
    {
      entity: 'dwelling',
      entityId: dwellingId,
      divisionCode: d.divisionCode,
      action: 'update',
      source: 'api',
      changes: { rental: { from: d.rental, to: flag } },
      actorId: actor.userId,
    },
  ]);
}

function present(r: RentalRow, tenantIds: string[]) {
  return {
    id: r.id,
    dwellingId: r.dwellingId,
    landlordPersonId: r.landlordPersonId,
    landlordName: r.landlordName,
    contractNo: r.contractNo,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    purpose: r.purpose,
    policeCheckedOn: r.policeCheckedOn,
    status: r.status,
    tenantIds,
    gridCode: r.gridCode,
    divisionCode: r.divisionCode,
    version: r.version,
  };
}

const historyFields = (r: RentalRow, tenantIds: string[]) => ({ ...shownFields(r), tenantIds: [...tenantIds].sort() });

export async function createRental(ctx: AppContext, auditCtx: AuditContext, actor: Actor, dwellingId: string, body: RentalBody, source: ChangeSource = 'api') {
  requirePermission(actor, 'base.write');
  const todayIs = today(ctx);
  const values = { startsOn: body.startsOn, endsOn: body.endsOn ?? null, policeCheckedOn: body.policeCheckedOn ?? null };
  checkRentalDates(values, todayIs);
  return ctx.db.transaction(async (tx) => {
    const d = await findDwelling(tx, ctx, actor, dwellingId, true);
    requireWritable(actor, d);
    const landlord = await landlordOf(tx, ctx, actor, body);
    const tenantIds = [...(await linkedPersons(tx, ctx, actor, body.tenantIds ?? [], 'tenantIds')).keys()];
    const [created] = await tx
      .insert(rental)
      .values({
        dwellingId,
        gridCode: d.gridCode,
        divisionCode: d.divisionCode,
        ...landlord,
        ...values,
        contractNo: body.contractNo?.trim() || null,
        purpose: body.purpose,
        status: values.endsOn !== null && values.endsOn < todayIs ? 'ended' : 'active',
      })
      .returning();
    const r = created as RentalRow;
    if (tenantIds.length > 0) await tx.insert(rentalTenant).values(tenantIds.map((personId) => ({ rentalId: r.id, personId })));
    await recordBaseWrite(tx, auditCtx, actor, writeOf('rental', r, 'create', diffShown({}, historyFields(r, tenantIds)), 'base.rental.create'), source);
    await followFlag(tx, ctx, actor, dwellingId, false);
    return present(r, tenantIds);
  });
}

export async function updateRental(ctx: AppContext, auditCtx: AuditContext, actor: Actor, id: string, body: RentalUpdate) {
  requirePermission(actor, 'base.write');
  const todayIs = today(ctx);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(rental)
      .where(and(eq(rental.id, id), visibleBaseWhere(actor, 'building', rental, ctx.now())))
      .limit(1)
      .for('update');
    if (!before) throw errors.notFound('rental');
    if (before.version !== body.version) throw staleVersion('rental', '租赁');
    requireWritable(actor, before);
    const values = {
      startsOn: body.startsOn ?? before.startsOn,
      endsOn: body.endsOn !== undefined ? body.endsOn : before.endsOn,
      policeCheckedOn: body.policeCheckedOn !== undefined ? body.policeCheckedOn : before.policeCheckedOn,
    };
    const ending = body.status ? body.status === 'ended' : before.status === 'ended';
    // Ended now without a date given: it ends today (or on its first day, when it never began).
    if (ending && before.status === 'active' && body.endsOn === undefined && (values.endsOn === null || values.endsOn > todayIs))
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings, compared as text
      values.endsOn = todayIs < values.startsOn ? values.startsOn : todayIs;
    checkRentalDates(values, todayIs);
    const status = ending || (values.endsOn !== null && values.endsOn < todayIs) ? 'ended' : 'active';
    const landlord = body.landlordPersonId !== undefined || body.landlordName !== undefined ? await landlordOf(tx, ctx, actor, body) : {};
    const beforeTenants = (await tx.select({ personId: rentalTenant.personId }).from(rentalTenant).where(eq(rentalTenant.rentalId, id))).map((t) => t.personId);
    let tenantIds = beforeTenants;
    if (body.tenantIds !== undefined) {
      tenantIds = [...(await linkedPersons(tx, ctx, actor, body.tenantIds, 'tenantIds')).keys()];
      await tx.delete(rentalTenant).where(eq(rentalTenant.rentalId, id));
      if (tenantIds.length > 0) await tx.insert(rentalTenant).values(tenantIds.map((personId) => ({ rentalId: id, personId })));
    }
    const [after] = await tx
      .update(rental)
      .set({
        ...values,
        ...landlord,
        ...(body.contractNo !== undefined ? { contractNo: body.contractNo?.trim() || null } : {}),
        ...(body.purpose !== undefined ? { purpose: body.purpose } : {}),
        status,
        version: before.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(rental.id, id))
      .returning();
    const r = after as RentalRow;
    const changed = diffShown(historyFields(before, beforeTenants), historyFields(r, tenantIds));
    await recordBaseWrite(tx, auditCtx, actor, writeOf('rental', r, 'update', changed, 'base.rental.update'));
    await followFlag(tx, ctx, actor, r.dwellingId, before.status === 'active');
    return present(r, tenantIds);
  });
}
