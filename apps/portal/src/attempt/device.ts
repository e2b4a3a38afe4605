const KEY = 'haidang.portal.device';

/** A random id for this browser, sent at start: only for the organizers' list of suspicious attempts. */
export function deviceId(): string {
  let id = localStorage.getItem(KEY);
  if (!id) {
    // randomUUID needs a secure context; a school's plain-http server on its LAN is not one.
    id = crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    localStorage.setItem(KEY, id);
  }
  return id;
}
