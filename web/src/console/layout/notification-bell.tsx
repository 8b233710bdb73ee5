// The place in the header for the notification bell. The live stream of notifications (SSE over the
// `notification` rows, with their `seq` cursor) is being built on another branch; it plugs in here:
// subscribe, show the unread count, list the latest, and let the case pages refresh their lists when
// a notification names a case they show. Until then the header keeps the spot empty.
export function NotificationBell() {
  return null;
}
