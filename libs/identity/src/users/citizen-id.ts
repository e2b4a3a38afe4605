import { createHmac } from 'node:crypto';

/** Vietnamese citizen IDs: 12-digit CCCD, or the older 9-digit CMND. Spaces and dots are ignored. */
export function normalizeCitizenId(raw: string): string | null {
  const digits = raw.replace(/[\s.-]/g, '');
  return /^(\d{9}|\d{12})$/.test(digits) ? digits : null;
}

export function hashCitizenId(normalized: string, key: string): string {
  return createHmac('sha256', key).update(normalized).digest('base64url');
}

export function maskCitizenId(last4: string | null): string | null {
  return last4 ? `********${last4}` : null;
}
