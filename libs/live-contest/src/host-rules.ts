import type { Role } from '#contracts';

/** Roles that create and host live games (on banks their unit subtree can read); an administrator may too. */
export const HOST_ROLES: readonly Role[] = ['organizer', 'host'];

/**
 * Who may host a game: an administrator, the person who created it, and, for a game the system made (the demo seed,
 * no host), anyone holding a hosting role.
 */
export function mayHostGame(
  principal: { userId: string; roles: readonly string[] },
  hostUserId: string | null,
): boolean {
  if (principal.roles.includes('admin') || hostUserId === principal.userId) return true;
  return hostUserId === null && HOST_ROLES.some((role) => principal.roles.includes(role));
}
