// The bank's exports and imports use core's one rule for formula-like cells (shared with every XLSX export).
export { neutralize, unneutralize } from '#core';
