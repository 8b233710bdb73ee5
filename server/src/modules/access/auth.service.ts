// Sign-in, sign-out, password change and API tokens. Every outcome, failures included, is audited.
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import { passwordProblem } from '../../lib/password.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import type { Actor } from './access.js';
import { appUser } from './access.tables.js';
import { findToken, insertSession, listTokens, newToken, revokeOtherConsoleSessions, revokeSession } from './session.store.js';

export interface LoginResult {
  token: string;
  userId: string;
  expiresAt: Date;
}

export async function login(ctx: AppContext, audit: AuditContext, username: string, password: string, userAgent: string | null): Promise<LoginResult> {
  const now = ctx.now();
  const [user] = await ctx.db.select().from(appUser).where(eq(appUser.username, username)).limit(1);
  if (!user) {
    await ctx.passwords.burn(password);
    await ctx.db.transaction((tx) => recordAudit(tx, audit, { action: 'auth.login.failed', outcome: 'failed', detail: 'unknown_user' }));
    throw errors.badCredentials();
  }
  const who: AuditContext = { ...audit, actorId: user.id, actorRole: user.role, divisionCode: user.divisionCode };
  const target = { targetType: 'user', targetId: user.id, divisionCode: user.divisionCode };

  const max = ctx.config.loginMaxFailures;
  // Count the attempt before the slow password check, so guesses sent together cannot all be
  // checked: only attempts 1..max are; later ones are refused as locked without a check.
  const [claim] = await ctx.db
    .update(appUser)
    .set({ failedLogins: sql`${appUser.failedLogins} + 1` })
    .where(and(eq(appUser.id, user.id), or(isNull(appUser.lockedUntil), lte(appUser.lockedUntil, now))))
    .returning({ failedLogins: appUser.failedLogins });
  const attempt = claim?.failedLogins;
  const passwordOk = attempt !== undefined && attempt <= max && (await ctx.passwords.verify(user.passwordHash, password));

  if (passwordOk && !user.disabled) {
    const idleEnd = now.getTime() + ctx.config.sessionIdleMinutes * 60_000;
    const hardEnd = now.getTime() + ctx.config.sessionMaxHours * 3_600_000;
    const expiresAt = new Date(Math.min(idleEnd, hardEnd));
    const token = newToken('console');
    await ctx.db.transaction(async (tx) => {
      await tx.update(appUser).set({ failedLogins: 0, lockedUntil: null }).where(eq(appUser.id, user.id));
      await insertSession(tx, { token, userId: user.id, kind: 'console', ip: audit.ip, userAgent, expiresAt });
      await recordAudit(tx, who, { action: 'auth.login', ...target });
    });
    return { token, userId: user.id, expiresAt };
  }

  // Locked already; at the limit with a wrong password (lock now); past it (lock now: the attempt
  // at the limit may have died before it could); a wrong password; or the right one on a disabled account.
  const lockNow = attempt !== undefined && attempt >= max && !passwordOk;
  const detail = attempt === undefined || attempt > max ? 'locked' : passwordOk ? 'disabled' : attempt === max ? 'bad_password_locked' : 'bad_password';
  await ctx.db.transaction(async (tx) => {
    if (lockNow) {
      await tx
        .update(appUser)
        .set({ failedLogins: 0, lockedUntil: new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000) })
        .where(eq(appUser.id, user.id));
    }
    await recordAudit(tx, who, { action: 'auth.login.failed', outcome: 'failed', detail, ...target });
  });
  if (detail === 'disabled') throw errors.accountDisabled();
  if (detail === 'locked' || detail === 'bad_password_locked') throw errors.accountLocked(ctx.config.lockoutMinutes);
  throw errors.badCredentials();
}

export async function logout(ctx: AppContext, audit: AuditContext, actor: Actor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await revokeSession(tx, actor.sessionId, ctx.now());
    await recordAudit(tx, audit, { action: 'auth.logout', targetType: 'session', targetId: actor.sessionId });
  });
}

export async function changePassword(ctx: AppContext, audit: AuditContext, actor: Actor, current: string, next: string): Promise<void> {
  const [user] = await ctx.db.select().from(appUser).where(eq(appUser.id, actor.userId));
  if (!user) throw errors.unauthenticated();
  if (!(await ctx.passwords.verify(user.passwordHash, current))) {
    throw errors.validation('body.currentPassword', 'The current password is wrong.', '当前密码不正确。');
  }
  const problem = passwordProblem(next, user.username);
  if (problem) throw errors.validation('body.newPassword', `The new password ${problem.en}.`, `新密码${problem.zh}。`);
  if (current === next) throw errors.validation('body.newPassword', 'The new password must differ from the current one.', '新密码不能与当前密码相同。');
  const hash = await ctx.passwords.hash(next);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(appUser).set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now }).where(eq(appUser.id, user.id));
    // Anyone else holding a session of this account is signed out.
    await revokeOtherConsoleSessions(tx, user.id, actor.sessionId, now);
    await recordAudit(tx, audit, {
      action: 'auth.password.change',
      targetType: 'user',
      targetId: user.id,
      divisionCode: user.divisionCode,
      fields: ['password'],
    });
  });
}

export async function createApiToken(ctx: AppContext, audit: AuditContext, actor: Actor, name: string, expiresInDays: number) {
  const now = ctx.now();
  const token = newToken('apiToken');
  const expiresAt = new Date(now.getTime() + expiresInDays * 86_400_000);
  const id = await ctx.db.transaction(async (tx) => {
    const sessionId = await insertSession(tx, { token, userId: actor.userId, kind: 'apiToken', name, ip: audit.ip, userAgent: null, expiresAt });
    await recordAudit(tx, audit, { action: 'auth.token.create', targetType: 'apiToken', targetId: sessionId });
    return sessionId;
  });
  return { id, name, token, createdAt: now, expiresAt };
}

export async function myApiTokens(ctx: AppContext, actor: Actor) {
  const rows = await listTokens(ctx.db, actor.userId, ctx.now());
  return rows.map((r) => ({ id: r.id, name: r.name ?? '', createdAt: r.createdAt, expiresAt: r.expiresAt, lastSeenAt: r.lastSeenAt }));
}

export async function revokeApiToken(ctx: AppContext, audit: AuditContext, actor: Actor, id: string): Promise<void> {
  const token = await findToken(ctx.db, actor.userId, id);
  if (!token) throw errors.notFound('apiToken');
  await ctx.db.transaction(async (tx) => {
    await revokeSession(tx, id, ctx.now());
    await recordAudit(tx, audit, { action: 'auth.token.revoke', targetType: 'apiToken', targetId: id });
  });
}
