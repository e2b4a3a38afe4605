const KEY = 'haidang.admin.token';
const MUST_CHANGE_KEY = 'haidang.admin.mustChangePassword';
type Listener = () => void;
const listeners = new Set<Listener>();

/**
 * The access token, kept in sessionStorage: it survives a reload but not closing the browser, which suits the shared
 * office computers many organizers use.
 */
export const session = {
  token(): string | null {
    return sessionStorage.getItem(KEY);
  },
  /**
   * Whether this token was got with a one-time password (an organizer's reset): until it is changed the API answers
   * nothing but the change and /auth/me, so the app shows nothing else. Kept beside the token, since /auth/me does
   * not say it and a reload must not lose it.
   */
  mustChangePassword(): boolean {
    return sessionStorage.getItem(MUST_CHANGE_KEY) !== null;
  },
  set(token: string, mustChangePassword = false): void {
    sessionStorage.setItem(KEY, token);
    if (mustChangePassword) sessionStorage.setItem(MUST_CHANGE_KEY, '1');
    else sessionStorage.removeItem(MUST_CHANGE_KEY);
    listeners.forEach((l) => l());
  },
  /** The API refused a call with PASSWORD_CHANGE_REQUIRED (the password was reset while this tab was signed in). */
  requirePasswordChange(): void {
    if (sessionStorage.getItem(KEY) === null || session.mustChangePassword()) return;
    sessionStorage.setItem(MUST_CHANGE_KEY, '1');
    listeners.forEach((l) => l());
  },
  clear(): void {
    if (sessionStorage.getItem(KEY) === null) return;
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(MUST_CHANGE_KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
