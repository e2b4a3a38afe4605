import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '#contracts';
import { AppError } from '../errors/app-error.js';
import type { Principal } from './principal.js';

export const IS_PUBLIC = 'haidang:isPublic';
export const REQUIRED_ROLES = 'haidang:roles';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'haidang:allowedBeforePasswordChange';

/** The route needs no token. Everything else does: the guard is global and closed by default. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles (admin always passes). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The route stays open to an account that must change its password first (changing it, reading oneself). */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) throw new AppError('UNAUTHENTICATED');
  return request.principal;
});
