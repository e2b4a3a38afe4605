const TOKEN = 'haidang.portal.token';
const USER = 'haidang.portal.user';
const MUST_CHANGE = 'haidang.portal.mustChangePassword';
type Listener = () => void;
const listeners = new Set<Listener>();

/**
 * The access token and the signed-in person, kept in localStorage: participants use their own phones, and a reload
 * (or the service worker's offline shell) must find them without the network.
 */
export const session = {
  token(): string | null {
    return localStorage.getItem(TOKEN);
  },
  user<T>(): T | null {
    const raw = localStorage.getItem(USER);
    return raw ? (JSON.parse(raw) as T) : null;
  },
  /**
   * Whether this token was got with a one-time password (an organizer's reset): until it is changed the API answers
   * nothing but the change and /auth/me. Kept beside the token, since /auth/me does not say it and a reload must not
   * lose it.
   */
  mustChangePassword(): boolean {
    return localStorage.getItem(MUST_CHANGE) !== null;
  },
  set(token: string, user: unknown, mustChangePassword = false): void {
    localStorage.setItem(TOKEN, token);
    localStorage.setItem(USER, JSON.stringify(user));
    if (mustChangePassword) localStorage.setItem(MUST_CHANGE, '1');
    else localStorage.removeItem(MUST_CHANGE);
    listeners.forEach((l) => l());
  },
  /** The API refused a call with PASSWORD_CHANGE_REQUIRED (the password was reset while signed in). */
  requirePasswordChange(): void {
    if (localStorage.getItem(TOKEN) === null || session.mustChangePassword()) return;
    localStorage.setItem(MUST_CHANGE, '1');
    listeners.forEach((l) => l());
  },
  rememberUser(user: unknown): void {
    localStorage.setItem(USER, JSON.stringify(user));
  },
  clear(): void {
    if (localStorage.getItem(TOKEN) === null) return;
    localStorage.removeItem(TOKEN);
    localStorage.removeItem(USER);
    localStorage.removeItem(MUST_CHANGE);
    listeners.forEach((l) => l());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    // Another tab signing in or out.
    const onStorage = (e: StorageEvent) => e.key === TOKEN && listener();
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener('storage', onStorage);
    };
  },
};
