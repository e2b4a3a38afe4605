import { existsSync } from 'node:fs';
import { describe, it } from '@jest/globals';

/** What some suites need beyond PostgreSQL; CI has all of it (.ci/run), a newcomer's machine may not. */
export const REDIS_URL = process.env.REDIS_URL;
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

/** Each need by the name a person would act on, with whether this machine has it. */
export type Needs = Record<string, unknown>;

export const SKIPPED_MARK = '[skipped: needs';

function unmet(needs: Needs): string | null {
  const missing = Object.entries(needs)
    .filter(([, have]) => !have)
    .map(([name]) => name);
  return missing.length ? `${SKIPPED_MARK} ${missing.join(', ')}]` : null;
}

/**
 * `describe` when the machine has every need, else `describe.skip` with the missing needs in the title, which the
 * run's summary lists (skip-reporter.cjs): a suite that cannot run here says so instead of passing silently.
 */
export function describeNeeding(needs: Needs): (title: string, body: () => void) => void {
  const missing = unmet(needs);
  return (title, body) => (missing ? describe.skip(`${title} ${missing}`, body) : describe(title, body));
}

/** The same for one test. */
export function itNeeding(needs: Needs): (title: string, body: () => Promise<void> | void) => void {
  const missing = unmet(needs);
  return (title, body) => (missing ? it.skip(`${title} ${missing}`, body) : it(title, body));
}
