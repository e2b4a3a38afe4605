import type { Role } from '#contracts';

/** Who is calling, as the access token says. Scope (the unit subtree) is resolved from unitId by identity. */
export interface Principal {
  userId: string;
  username: string;
  roles: Role[];
  unitId: string | null;
  /** Set after an organizer reset the password: only changing it (and reading oneself) is allowed until then. */
  mustChangePassword?: boolean;
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}
