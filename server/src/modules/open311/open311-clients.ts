// Open311 API keys: GeoReport v2 asks for one on POST requests only. A key is made once, shown once
// (`wangge open311-key <name>`), and only its SHA-256 is kept, like the console's API tokens.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { sha256Hex } from '../../lib/crypto.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { open311Client } from './open311.tables.js';

/** The key demo mode gives every installation, so the README's example works out of the box. */
export const DEMO_OPEN311_KEY = 'wangge-demo';

const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };

export function newOpen311Key(): string {
  return `o311_${randomBytes(24).toString('base64url')}`;
}

/** A client whose key is not revoked, or undefined. */
export async function clientForKey(db: Executor, key: string): Promise<{ id: string; name: string } | undefined> {
  const [row] = await db
    .select({ id: open311Client.id, name: open311Client.name })
    .from(open311Client)
    .where(and(eq(open311Client.keyHash, sha256Hex(key)), isNull(open311Client.revokedAt)));
  return row;
}

/** Registers a client under `key` (a new random one unless given); returns the key, which is not kept. */
export async function createOpen311Client(ctx: AppContext, name: string, key = newOpen311Key(), audit: AuditContext = SYSTEM) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(open311Client)
      .values({ name, keyHash: sha256Hex(key), createdAt: ctx.now() })
      .returning({ id: open311Client.id });
    if (!row) throw new Error('open311 client insert returned nothing');
    await recordAudit(tx, audit, { action: 'open311.client.create', targetType: 'open311Client', targetId: row.id, detail: name });
    return { id: row.id, name, key };
  });
}

/** Demo mode: the client with key `wangge-demo`, made once (its hash stored, never the key). Returns whether it was made now. */
export async function ensureDemoOpen311Client(ctx: AppContext): Promise<boolean> {
  if (!ctx.config.demo) return false;
  const [found] = await ctx.db
    .select({ id: open311Client.id })
    .from(open311Client)
    .where(eq(open311Client.keyHash, sha256Hex(DEMO_OPEN311_KEY)));
  if (found) return false;
  await createOpen311Client(ctx, '演示客户端 demo client', DEMO_OPEN311_KEY);
  return true;
}

/** Revokes every live key of the client with this id or name; returns how many. */
export async function revokeOpen311Client(ctx: AppContext, idOrName: string, audit: AuditContext = SYSTEM): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
    const rows = await tx
      .update(open311Client)
      .set({ revokedAt: ctx.now() })
      .where(and(byId ? eq(open311Client.id, idOrName) : eq(open311Client.name, idOrName), isNull(open311Client.revokedAt)))
      .returning({ id: open311Client.id, name: open311Client.name });
    for (const row of rows) {
      await recordAudit(tx, audit, { action: 'open311.client.revoke', targetType: 'open311Client', targetId: row.id, detail: row.name });
    }
    return rows.length;
  });
}
