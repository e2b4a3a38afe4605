/**
 * The portal's first script, a few hundred bytes with no imports, loaded by index.html next to the app's entry
 * (`async`): on a phone link where every request costs seconds (Slow 3G: 2 s each), it starts what the screen at
 * this address will need instead of letting the app ask for it one step after another once React has rendered:
 *  - the screen's own chunks (`<link rel="modulepreload">`), from the build's route table that vite.config.ts writes
 *    into index.html as JSON (`#route-chunks`), so they download beside the entry rather than after it;
 *  - the API calls that screen makes first (the round's rules; the attempt's start-or-resume; the home page's lists),
 *    with the token of the session. The app's client takes such a response instead of sending the same call again
 *    (api/early.ts), once, within a minute, and only for the same token.
 * It must stay free of imports: a shared chunk would be one more request before it could run.
 */
import type { EarlyCall, EarlyWindow } from './api/early-types';

const TOKEN = 'haidang.portal.token'; // auth/session.ts
const MUST_CHANGE = 'haidang.portal.mustChangePassword'; // auth/session.ts
const DEVICE = 'haidang.portal.device'; // attempt/device.ts
const LANGUAGE = 'haidang.portal.lang'; // i18n/index.ts

function params(pattern: string, pathname: string): string[] | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (pattern === '*' || want.length !== have.length) return null;
  const values: string[] = [];
  for (const [i, part] of want.entries()) {
    if (part.startsWith(':')) values.push(have[i]!);
    else if (part !== have[i]) return null;
  }
  return values;
}

function preloadChunks(pathname: string): void {
  const table = document.getElementById('route-chunks')?.textContent;
  if (!table) return;
  for (const [pattern, files] of JSON.parse(table) as [string, string[]][]) {
    if (!params(pattern, pathname)) continue;
    for (const href of files) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = href;
      document.head.append(link);
    }
    return;
  }
}

function deviceId(): string {
  let id = localStorage.getItem(DEVICE);
  if (!id) {
    id = crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    localStorage.setItem(DEVICE, id);
  }
  return id;
}

/** The calls each screen sends first, exactly as the app sends them (same method, path and query). */
function firstCalls(pathname: string): { method: string; url: string; device?: boolean }[] {
  if (pathname === '/')
    return [
      { method: 'GET', url: '/api/v1/contests?pageSize=20' },
      { method: 'GET', url: '/api/v1/me/attempts?pageSize=10' },
    ];
  const rules = params('/rounds/:roundId', pathname);
  if (rules) return [{ method: 'GET', url: `/api/v1/rounds/${rules[0]}` }];
  const attempt = params('/rounds/:roundId/attempt', pathname);
  if (attempt) return [{ method: 'POST', url: `/api/v1/rounds/${attempt[0]}/attempts`, device: true }];
  return [];
}

function startCalls(pathname: string): void {
  const token = localStorage.getItem(TOKEN);
  if (!token || localStorage.getItem(MUST_CHANGE) !== null) return;
  const calls: EarlyCall[] = firstCalls(pathname).map(({ method, url, device }) => {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      'Accept-Language': localStorage.getItem(LANGUAGE) === 'en' ? 'en' : 'vi',
    };
    if (device) headers['x-device-id'] = deviceId();
    const timing = { sentAt: Date.now(), receivedAt: 0 };
    const response = fetch(url, { method, headers }).then((r) => {
      timing.receivedAt = Date.now();
      return r;
    });
    const call: EarlyCall = { method, url, token, timing, response };
    // An unused call that failed (offline) must not be reported as unhandled; the app's own call sees the failure.
    response.catch(() => undefined);
    return call;
  });
  (window as EarlyWindow).haidangEarly = calls;
}

try {
  // The API calls first: the browser opens at most six connections to the server, and a call queued behind the
  // chunks would wait for them.
  startCalls(location.pathname);
  preloadChunks(location.pathname);
} catch {
  // Only a head start: the app asks for everything itself anyway.
}
