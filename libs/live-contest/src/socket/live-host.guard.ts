import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AppError, TokenService } from '#core';
import { HOST_ROLES } from '../host-rules.js';
import type { LiveSocket } from '../live.broadcaster.js';

/**
 * Host events need the bearer token the socket presented in its handshake (`auth.token`), of an organizer, a host or
 * an administrator, not disabled or changed since. Nest's global HTTP guard does not run for gateways, so every host
 * handler carries this one.
 */
@Injectable()
export class LiveHostGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const socket = context.switchToWs().getClient<LiveSocket>();
    const principal = socket.data.principal;
    if (!principal) throw new AppError('UNAUTHENTICATED');
    // The socket outlives requests: an account disabled or changed (demoted, moved) since the handshake stops here.
    this.tokens.assertStillAllowed(principal.userId, principal.authzVersion);
    if (!principal.roles.includes('admin') && !HOST_ROLES.some((role) => principal.roles.includes(role))) {
      throw new AppError('FORBIDDEN');
    }
    return true;
  }
}
