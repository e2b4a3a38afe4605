import { AccountChangesAndBackOff1796393722195 } from './1796393722195-AccountChangesAndBackOff.js';
import { DisabledAccounts1795937296710 } from './1795937296710-DisabledAccounts.js';
import { Foundation1795850431566 } from './1795850431566-Foundation.js';

/** Migrations of core and identity, oldest first. */
export const IDENTITY_MIGRATIONS = [
  Foundation1795850431566,
  DisabledAccounts1795937296710,
  AccountChangesAndBackOff1796393722195,
];
