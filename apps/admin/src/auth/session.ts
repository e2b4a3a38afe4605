const KEY = 'haidang.admin.token';
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
  set(token: string): void {
    sessionStorage.setItem(KEY, token);
    listeners.forEach((l) => l());
  },
  clear(): void {
    if (sessionStorage.getItem(KEY) === null) return;
    sessionStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
