// Sessions and API tokens: the secret goes to the client once; the database keeps its SHA-256.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { placeholder, preparedQuery } from '../../db/prepared.js';
import { sha256Hex } from '../../lib/crypto.js';
import { appUser, session, userGrid } from './access.tables.js';

export type SessionKind = 'console' | 'apiToken';

export function newToken(kind: SessionKind): string {
  // The prefix tells a leaked secret's kind at a glance (and lets secret scanners find it).
  return `${kind === 'apiToken' ? 'wgt_' : 'wgs_'}${randomBytes(32).toString('base64url')}`;
}

export async function insertSession(
  db: Executor,
  values: { token: string; userId: string; kind: SessionKind; name?: string; ip: string | null; userAgent: string | null; expiresAt: Date },
): Promise<string> {
  const [row] = await db
    .insert(session)
    .values({
      tokenHash: sha256Hex(values.token),
      userId: values.userId,
      kind: values.kind,
      name: values.name ?? null,
      ip: values.ip,
      userAgent: values.userAgent?.slice(0, 300) ?? null,
      expiresAt: values.expiresAt,
    })
    .returning({ id: session.id });
  if (!row) throw new Error('session insert returned nothing');
  return row.id;
}

/** The live session for a token, with its user and the user's grid codes (unsorted), or undefined. One query. */
export async function findLiveSession(db: Executor, token: string, now: Date) {
  const [row] = await liveSession(db).execute({ tokenHash: sha256Hex(token), now });
  return row;
}

// Every signed-in request runs it: built once (db/prepared.ts).
const liveSession = preparedQuery((db) =>
  db
    .select({
      session,
      user: appUser,
      gridCodes: sql<string[]>`coalesce((select array_agg(${userGrid.gridCode}) from ${userGrid} where ${userGrid.userId} = ${appUser.id}), '{}')`,
    })
    .from(session)
    .innerJoin(appUser, eq(appUser.id, session.userId))
    .where(
      and(
        eq(session.tokenHash, placeholder(session.tokenHash, 'tokenHash')),
        isNull(session.revokedAt),
        gt(session.expiresAt, placeholder(session.expiresAt, 'now')),
      ),
    )
    .limit(1),
);

export async function gridCodesOf(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.select({ code: userGrid.gridCode }).from(userGrid).where(eq(userGrid.userId, userId));
  return rows.map((r) => r.code).sort();
}

export async function touchSession(db: Executor, id: string, now: Date, expiresAt: Date): Promise<void> {
  await db.update(session).set({ lastSeenAt: now, expiresAt }).where(eq(session.id, id));
}

export async function revokeSession(db: Executor, id: string, now: Date): Promise<void> {
  await db
    .update(session)
    .set({ revokedAt: now })
    .where(and(eq(session.id, id), isNull(session.revokedAt)));
}

/** Ends every console session of a user but one (after a password change). */
export async function revokeOtherConsoleSessions(db: Executor, userId: string, keepId: string | null, now: Date): Promise<void> {
  const where = and(eq(session.userId, userId), eq(session.kind, 'console'), isNull(session.revokedAt));
  await db
    .update(session)
    .set({ revokedAt: now })
    .where(keepId ? and(where, ne(session.id, keepId)) : where);
}

/** Ends every console session and API token of a user (a password set by a manager). */
export async function revokeAllSessions(db: Executor, userId: string, now: Date): Promise<void> {
  await db
    .update(session)
    .set({ revokedAt: now })
    .where(and(eq(session.userId, userId), isNull(session.revokedAt)));
}

export async function listTokens(db: Executor, userId: string, now: Date) {
  return db
    .select()
    .from(session)
    .where(and(eq(session.userId, userId), eq(session.kind, 'apiToken'), isNull(session.revokedAt), gt(session.expiresAt, now)))
    .orderBy(session.createdAt);
}

export async function findToken(db: Executor, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(session)
    .where(and(eq(session.id, id), eq(session.userId, userId), eq(session.kind, 'apiToken'), isNull(session.revokedAt)));
  return row;
}
