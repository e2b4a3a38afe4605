import type { Role } from '#contracts';

/** Who may read banks (hosts pick a bank for a live game), author questions, and review them. Admin always passes. */
export const BANK_READERS: Role[] = ['organizer', 'author', 'reviewer', 'host'];
export const BANK_AUTHORS: Role[] = ['organizer', 'author'];
export const BANK_REVIEWERS: Role[] = ['reviewer'];
