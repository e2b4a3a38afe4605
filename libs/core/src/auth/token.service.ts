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
/** How long a change applied on this instance outlives a poll that does not show it yet. */
const LOCAL_CHANGE_KEPT_MS = 60_000;

interface VerifiedToken {
  principal: Principal;
  expiresAtMs: number;
  authzVersion: number;
}

interface AccessClaims {
  sub?: unknown;
  usr?: unknown;
  roles?: unknown;
  unit?: unknown;
  /** The account's authorization version when the token was issued (see authzVersions). */
  ver?: unknown;
  /** The account must change its password before anything else (a password reset by an organizer). */
  pwc?: unknown;
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
  private readonly verified = new Map<string, VerifiedToken>();
  /**
   * Accounts disabled while tokens of theirs may still be unexpired: those tokens are refused (ACCOUNT_DISABLED). Kept
   * by identity (it polls the recently disabled accounts, and tells at once the instance that disabled one).
   */
  private disabledUsers = new Set<string>();
  /**
   * Accounts whose roles, unit or password changed while tokens of theirs may still be unexpired, with their current
   * authorization version: a token issued under an older version is refused (TOKEN_REVOKED). Kept by identity the same
   * way as the disabled accounts. `localAt` marks a change this instance applied itself (epoch ms): a poll that read
   * the database before that change committed must not forget it.
   */
  private authzVersions = new Map<string, { version: number; localAt: number }>();

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

  /** `authzVersion`: the account's current authorization version (0 for an account never changed). */
  async issue(principal: Principal, authzVersion = 0): Promise<{ accessToken: string; expiresIn: number }> {
    const claims: AccessClaims = {
      sub: principal.userId,
      usr: principal.username,
      roles: principal.roles,
      unit: principal.unitId,
      ver: authzVersion,
      ...(principal.mustChangePassword ? { pwc: true } : {}),
    };
    // Read before signing: the token's own expiry (whole seconds from the signing moment) is never earlier than this.
    const issuedAtMs = Date.now();
    const accessToken = this.sign(claims);
    // Signed here, so valid by construction: kept as verified, and its holder's first request to this instance (at a
    // round's opening, often the start itself) costs a lookup instead of a verification. Kept a second short of its
    // expiry, after which the full check says TOKEN_EXPIRED; disabled and changed accounts are checked at every use.
    this.remember(accessToken, {
      principal: principalOf(claims),
      expiresAtMs: issuedAtMs + this.config.accessTokenTtlSeconds * 1000 - 1000,
      authzVersion,
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

  /**
   * Replaces the accounts whose authorization changed recently (from the poll), keeping changes this instance made
   * within the last minute that the poll may have read too early.
   */
  setAuthzVersions(entries: Iterable<{ userId: string; version: number }>): void {
    const next = new Map<string, { version: number; localAt: number }>();
    for (const { userId, version } of entries) next.set(userId, { version, localAt: 0 });
    const recent = Date.now() - LOCAL_CHANGE_KEPT_MS;
    for (const [userId, local] of this.authzVersions) {
      if (local.localAt > recent && local.version > (next.get(userId)?.version ?? -1)) next.set(userId, local);
    }
    this.authzVersions = next;
  }

  /** The account's authorization changed here: tokens issued before `version` are refused from now on. */
  authzChanged(userId: string, version: number): void {
    if (version > (this.authzVersions.get(userId)?.version ?? -1)) {
      this.authzVersions.set(userId, { version, localAt: Date.now() });
    }
  }

  async verify(token: string): Promise<Principal> {
    return (await this.verifyWithVersion(token)).principal;
  }

  /** As verify, with the authorization version the token was issued under (for `assertStillAllowed` later). */
  async verifyWithVersion(token: string): Promise<{ principal: Principal; authzVersion: number }> {
    const verified = this.verifiedToken(token);
    this.assertStillAllowed(verified.principal.userId, verified.authzVersion);
    return verified;
  }

  /**
   * For a principal verified earlier and held on to (a host's socket, open longer than any request): throws when the
   * account has been disabled (ACCOUNT_DISABLED) or changed (TOKEN_REVOKED) since. Memory only.
   */
  assertStillAllowed(userId: string, authzVersion: number): void {
    if (this.disabledUsers.has(userId)) throw new AppError('ACCOUNT_DISABLED');
    const current = this.authzVersions.get(userId);
    if (current !== undefined && authzVersion < current.version) throw new AppError('TOKEN_REVOKED');
  }

  private verifiedToken(token: string): VerifiedToken {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAtMs) return known;
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
    return this.remember(token, {
      principal: principalOf(claims),
      expiresAtMs: (claims.exp as number) * 1000,
      authzVersion: typeof claims.ver === 'number' ? claims.ver : 0,
    });
  }

  private remember(token: string, entry: VerifiedToken): VerifiedToken {
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, entry);
    return entry;
  }
}

/** A token's principal, from claims whose `sub` and `usr` are strings; frozen, as it is shared by every request that
 * carries the token (no caller can change it for the others). */
function principalOf(claims: AccessClaims): Principal {
  const principal: Principal = {
    userId: claims.sub as string,
    username: claims.usr as string,
    roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [],
    unitId: typeof claims.unit === 'string' ? claims.unit : null,
  };
  if (claims.pwc === true) principal.mustChangePassword = true;
  Object.freeze(principal.roles);
  return Object.freeze(principal);
}
