// Who is asking: a signed session cookie (console) or an `Authorization: Bearer` API token.
// Runs on every request before validation; routes are private unless their config says `public`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import { divisionPrefix } from '../territory/division-code.js';
import type { Actor } from './access.js';
import type { Permission, Role, ScopeKind } from './roles.js';
import { requirePermission } from './access.js';
import { findLiveSession, touchSession } from './session.store.js';

export const SESSION_COOKIE = 'wangge_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
    /** The role permission the route needs; the jurisdiction is checked by the service. */
    permission?: Permission;
    /** Open to an account that must change its password first (who am I, change password, sign out). */
    beforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The signed-in actor, for handlers of private routes (the hook has already refused anonymous calls). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw errors.unauthenticated();
  return req.actor;
}

function tokenFrom(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const raw = req.cookies[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = req.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config;
    // Unknown routes fall through to the not-found handler, which needs no actor.
    if (!req.routeOptions.url) return;
    const token = tokenFrom(req);
    if (token) req.actor = await actorForToken(ctx, token);
    // The console's files and the API's documentation are open; everything else under /api is not.
    // The route the router matched, not the raw URL: /%61pi/users is routed to /api/users.
    const route = req.routeOptions.url;
    if (config.public || !route.startsWith('/api/') || route.startsWith('/api/docs')) return;
    if (!req.actor) throw errors.unauthenticated();
    if (req.actor.mustChangePassword && !config.beforePasswordChange) throw errors.passwordChangeRequired();
    if (config.permission) requirePermission(req.actor, config.permission);
  });
}

const TOUCH_EVERY_MS = 60_000;

/** The actor a session or API token stands for, or null when it is unknown, expired, revoked or its user disabled. */
export async function actorForToken(ctx: AppContext, token: string): Promise<Actor | null> {
  const now = ctx.now();
  const found = await findLiveSession(ctx.db, token, now);
  if (!found || found.user.disabled) return null;
  const { session, user } = found;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    // Console sessions: sliding idle timeout, capped by the absolute session length. API tokens keep their expiry.
    const idleEnd = now.getTime() + ctx.config.sessionIdleMinutes * 60_000;
    const hardEnd = session.createdAt.getTime() + ctx.config.sessionMaxHours * 3_600_000;
    await touchSession(ctx.db, session.id, now, session.kind === 'console' ? new Date(Math.min(idleEnd, hardEnd)) : session.expiresAt);
  }
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role as Role,
    scopeKind: user.scopeKind as ScopeKind,
    divisionCode: user.divisionCode,
    divisionPrefix: divisionPrefix(user.divisionCode),
    departmentId: user.departmentId,
    gridCodes: user.scopeKind === 'grids' ? [...found.gridCodes].sort() : [],
    sessionId: session.id,
    mustChangePassword: user.mustChangePassword,
  };
}
