const TOKEN = 'haidang.portal.token';
const USER = 'haidang.portal.user';
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
  set(token: string, user: unknown): void {
    localStorage.setItem(TOKEN, token);
    localStorage.setItem(USER, JSON.stringify(user));
    listeners.forEach((l) => l());
  },
  rememberUser(user: unknown): void {
    localStorage.setItem(USER, JSON.stringify(user));
  },
  clear(): void {
    if (localStorage.getItem(TOKEN) === null) return;
    localStorage.removeItem(TOKEN);
    localStorage.removeItem(USER);
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
