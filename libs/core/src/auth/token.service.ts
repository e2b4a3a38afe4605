import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { ROLES, type Role } from '#contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { SettingsService } from '../settings/settings.service.js';
import type { Principal } from './principal.js';

const ISSUER = 'haidang';
const AUDIENCE = 'haidang-api';
/** Tokens already verified, kept until they expire: a participant sends the same token with every answer. */
const MAX_VERIFIED_TOKENS = 100_000;

interface AccessClaims {
  sub?: unknown;
  usr?: unknown;
  roles?: unknown;
  unit?: unknown;
}

/**
 * Short-lived HS256 access tokens. The key is shared by all instances through the database unless configured.
 * fast-jwt signs and verifies with node:crypto's HMAC, synchronously: jose goes through WebCrypto, whose every call
 * costs about 0.1 ms of the event loop (a round's opening spike verifies ten thousand new tokens in seconds).
 * Verified tokens are kept, as their principal, until they expire: keyed by the token itself (a participant sends
 * the same one with every answer), so a repeat costs one map lookup and a clock read; fast-jwt's own cache hashed
 * each token with sha256 first, about 5 % of the API's time per answer save.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private sign: (payload: AccessClaims) => string;
  private verifyToken: (token: string) => AccessClaims;
  /** Verified tokens and their expiry (epoch ms), oldest first; at most MAX_VERIFIED_TOKENS. */
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  /**
   * Accounts disabled while tokens of theirs may still be unexpired: those tokens are refused (ACCOUNT_DISABLED). Kept
   * by identity (it polls the recently disabled accounts, and tells at once the instance that disabled one).
   */
  private disabledUsers = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  async onModuleInit(): Promise<void> {
    const key = this.config.tokenSecret ?? (await this.settings.secret('access_token_secret', 48));
    this.sign = createSigner({
      key,
      algorithm: 'HS256',
      iss: ISSUER,
      aud: AUDIENCE,
      expiresIn: this.config.accessTokenTtlSeconds * 1000,
    });
    this.verifyToken = createVerifier({
      key,
      algorithms: ['HS256'],
      allowedIss: ISSUER,
      allowedAud: AUDIENCE,
      requiredClaims: ['exp'],
    });
  }

  async issue(principal: Principal): Promise<{ accessToken: string; expiresIn: number }> {
    const accessToken = this.sign({
      sub: principal.userId,
      usr: principal.username,
      roles: principal.roles,
      unit: principal.unitId,
    });
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds };
  }

  /** Replaces the set of disabled accounts whose tokens are refused. */
  setDisabledUsers(userIds: Iterable<string>): void {
    this.disabledUsers = new Set(userIds);
  }

  disableUser(userId: string): void {
    this.disabledUsers.add(userId);
  }

  enableUser(userId: string): void {
    this.disabledUsers.delete(userId);
  }

  async verify(token: string): Promise<Principal> {
    const principal = this.principalOf(token);
    if (this.disabledUsers.has(principal.userId)) throw new AppError('ACCOUNT_DISABLED');
    return principal;
  }

  private principalOf(token: string): Principal {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAtMs) return known.principal;
    // Unknown or expired (then fast-jwt says TOKEN_EXPIRED): the full check.
    this.verified.delete(token);
    let claims: AccessClaims & { exp?: unknown };
    try {
      claims = this.verifyToken(token);
    } catch (error) {
      if (error instanceof TokenError && error.code === TokenError.codes.expired) throw new AppError('TOKEN_EXPIRED');
      throw new AppError('TOKEN_INVALID');
    }
    if (typeof claims.sub !== 'string' || typeof claims.usr !== 'string') throw new AppError('TOKEN_INVALID');
    const principal: Principal = {
      userId: claims.sub,
      username: claims.usr,
      roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [],
      unitId: typeof claims.unit === 'string' ? claims.unit : null,
    };
    // Shared by every request that carries this token: frozen, so no caller can change it for the others.
    Object.freeze(principal.roles);
    Object.freeze(principal);
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, expiresAtMs: (claims.exp as number) * 1000 });
    return principal;
  }
}
