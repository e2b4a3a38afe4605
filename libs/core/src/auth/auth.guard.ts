import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '#contracts';
import { AppError } from '../errors/app-error.js';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, IS_PUBLIC, REQUIRED_ROLES } from './decorators.js';
import type { Principal } from './principal.js';
import { TokenService } from './token.service.js';

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** Global HTTP guard: verifies the bearer token and the roles a route asks for. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; principal?: Principal }>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const token = bearerToken(request.headers.authorization);
    if (isPublic) {
      // A public route still learns who calls when a valid token comes along; a bad one is ignored there.
      if (token) request.principal = await this.tokens.verify(token).catch(() => undefined);
      return true;
    }
    if (!token) throw new AppError('UNAUTHENTICATED');
    const principal = await this.tokens.verify(token);
    request.principal = principal;
    if (
      principal.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)
    ) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !principal.roles.includes('admin') && !principal.roles.some((r) => roles.includes(r))) {
      throw new AppError('FORBIDDEN');
    }
    return true;
  }
}
