import type { Role } from '#contracts';

/** Roles an organizer may give or take away inside their subtree; never admin or organizer. */
export const ORGANIZER_GRANTABLE: readonly Role[] = ['participant', 'author', 'reviewer', 'host'];

/** Roles the actor may add or remove (an administrator: all of them, within the limits of roleChangeRefusal). */
export function grantableBy(actorRoles: readonly Role[]): readonly Role[] {
  if (actorRoles.includes('admin')) return ['admin', 'organizer', 'author', 'reviewer', 'host', 'participant'];
  if (actorRoles.includes('organizer')) return ORGANIZER_GRANTABLE;
  return [];
}

/**
 * Why a change of someone's roles from `before` to `after` is refused, or null when allowed. Only the roles that
 * change are judged: an organizer may make an organizer of a sub-unit an author, but not touch the organizer role.
 */
export function roleChangeRefusal(
  actor: { roles: readonly Role[]; userId: string },
  target: { id: string },
  before: readonly Role[],
  after: readonly Role[],
): string | null {
  if (after.length === 0) return 'Người dùng phải có ít nhất một vai trò.';
  const changed = [...before.filter((r) => !after.includes(r)), ...after.filter((r) => !before.includes(r))];
  const allowed = grantableBy(actor.roles);
  const refused = changed.filter((r) => !allowed.includes(r));
  if (refused.length) return `Bạn không được cấp hoặc thu hồi vai trò: ${refused.join(', ')}.`;
  if (actor.userId === target.id && before.includes('admin') && !after.includes('admin')) {
    return 'Quản trị viên không tự bỏ quyền quản trị của mình.';
  }
  return null;
}
