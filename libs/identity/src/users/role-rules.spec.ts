import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ROLES, type Role } from '#contracts';
import { roleChangeRefusal } from './role-rules.js';

const admin = { userId: 'a', roles: ['admin'] as Role[] };
const organizer = { userId: 'o', roles: ['organizer'] as Role[] };
const target = { id: 't' };

describe('who may change whose roles', () => {
  it('lets an organizer grant and remove author, reviewer and host', () => {
    expect(roleChangeRefusal(organizer, target, ['participant'], ['participant', 'author', 'host'])).toBeNull();
    expect(roleChangeRefusal(organizer, target, ['organizer', 'reviewer'], ['organizer'])).toBeNull();
  });

  it('never lets an organizer give or take admin or organizer', () => {
    expect(roleChangeRefusal(organizer, target, ['participant'], ['organizer'])).toContain('organizer');
    expect(roleChangeRefusal(organizer, target, ['participant'], ['admin'])).toContain('admin');
    expect(roleChangeRefusal(organizer, target, ['organizer'], ['participant'])).toContain('organizer');
  });

  it('lets an administrator do anything but drop their own admin role or leave someone with none', () => {
    expect(roleChangeRefusal(admin, target, ['participant'], ['organizer', 'admin'])).toBeNull();
    expect(roleChangeRefusal(admin, { id: 'a' }, ['admin'], ['organizer'])).not.toBeNull();
    expect(roleChangeRefusal(admin, target, ['participant'], [])).not.toBeNull();
  });

  it('never allows an organizer a change whose result differs in admin or organizer', () => {
    const roles = fc.subarray([...ROLES], { minLength: 1 });
    fc.assert(
      fc.property(roles, roles, (before, after) => {
        const touchesPower = (['admin', 'organizer'] as Role[]).some((r) => before.includes(r) !== after.includes(r));
        if (touchesPower) expect(roleChangeRefusal(organizer, target, before, after)).not.toBeNull();
        else expect(roleChangeRefusal(organizer, target, before, after)).toBeNull();
      }),
    );
  });
});
