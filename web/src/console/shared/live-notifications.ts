// The live notifications within one console tab: the bell (layout/notification-bell.tsx) holds the
// server-sent event stream and publishes each notification here; pages that show lists subscribe and
// reload, so a case dispatched to my unit appears without a refresh.
import { useEffect, useRef } from 'react';
import type { AppNotification } from '../../api/types';

type Listener = (n: AppNotification) => void;
const listeners = new Set<Listener>();

export function publishNotification(n: AppNotification): void {
  for (const listener of listeners) listener(n);
}

/** Calls `handler` for every live notification while the component is mounted. */
export function useLiveNotifications(handler: Listener): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener: Listener = (n) => latest.current(n);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
