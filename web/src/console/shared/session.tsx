// Who is signed in, and what the platform says about itself. Loaded once at start; any 401 from the
// API clears the user and sends the browser to /login, remembering where it was.
import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, getMe, getMeta, logout as apiLogout, onUnauthorized } from '../../api/client';
import type { Me, Meta, Permission } from '../../api/types';

interface Session {
  me: Me | null;
  meta: Meta | null;
  metaError: unknown;
  /** False until the first /api/me answer (or 401) is in. */
  ready: boolean;
  setMe: (me: Me | null) => void;
  refreshMe: () => Promise<void>;
  reloadMeta: () => void;
  logout: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<Session | null>(null);

// The session cookie is HttpOnly, so the page cannot see it. This flag (no secret in it) remembers
// that a login happened in this browser, so a first visit goes straight to /login instead of asking
// /api/me and getting the 401 that Chrome reports as a console error.
const hintKey = 'wangge.signedIn';
function hint(signedIn: boolean | null): boolean {
  try {
    if (signedIn === true) localStorage.setItem(hintKey, '1');
    if (signedIn === false) localStorage.removeItem(hintKey);
    return localStorage.getItem(hintKey) === '1';
  } catch {
    return true;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const [meta, setMeta] = useState<Meta | null>(null);
  const [metaError, setMetaError] = useState<unknown>(null);
  const [metaAttempt, setMetaAttempt] = useState(0);
  const navigate = useNavigate();
  const location = useLocation();

  const setMe = useCallback((value: Me | null) => {
    hint(value !== null);
    setMeState(value);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: metaAttempt is the retry button's trigger
  useEffect(() => {
    let live = true;
    getMeta()
      .then((value) => {
        if (!live) return;
        setMeta(value);
        setMetaError(null);
      })
      .catch((error: unknown) => live && setMetaError(error));
    return () => {
      live = false;
    };
  }, [metaAttempt]);

  useEffect(() => {
    let live = true;
    if (!hint(null)) {
      setReady(true);
      return;
    }
    getMe()
      .then((value) => live && setMe(value))
      .catch(() => live && setMe(null))
      .finally(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [setMe]);

  // Keep the handler pointing at the current location so the user comes back to it after login.
  useEffect(() => {
    onUnauthorized(() => {
      setMe(null);
      // Sign-in and the public pages stay where they are.
      if (location.pathname !== '/login' && location.pathname !== '/matters') {
        navigate('/login', { replace: true, state: { from: location.pathname + location.search } });
      }
    });
    return () => onUnauthorized(null);
  }, [navigate, location, setMe]);

  const refreshMe = useCallback(async () => {
    setMe(await getMe());
  }, [setMe]);

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } catch (error) {
      // An expired session is already signed out; anything else is still worth leaving the console for.
      if (!(error instanceof ApiError)) throw error;
    }
    // A full page load drops every bit of the previous user's state, and sends nobody back to
    // the page they were on (the next person to sign in may be someone else).
    hint(false);
    window.location.replace('/login');
  }, []);

  const value = useMemo<Session>(
    () => ({
      me,
      meta,
      metaError,
      ready,
      setMe,
      refreshMe,
      reloadMeta: () => setMetaAttempt((n) => n + 1),
      logout,
      can: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [me, meta, metaError, ready, setMe, refreshMe, logout],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for pages behind the login guard. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
