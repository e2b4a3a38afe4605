import type { UserAdminDto } from '../dto/user-admin.dto.js';
import type { User } from '../entities/user.entity.js';
import { toUserResponse } from './user-response.js';

export function toUserAdmin(user: User, today: string): UserAdminDto {
  return { ...toUserResponse(user, today), status: user.status, createdAt: user.createdAt.toISOString() };
}
