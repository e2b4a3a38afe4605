import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '#contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { SettingsService } from '../settings/settings.service.js';
import type { Principal } from './principal.js';

const ISSUER = 'haidang';
const AUDIENCE = 'haidang-api';
/** Tokens already verified, kept until they expire: a participant sends the same token with every answer. */
const MAX_VERIFIED_TOKENS = 100_000;

/** Short-lived HS256 access tokens. The key is shared by all instances through the database unless configured. */
@Injectable()
export class TokenService implements OnModuleInit {
  private key: Uint8Array;
  /** The same key imported once: jose would import a raw secret again on every verification. */
  private verifyKey: webcrypto.CryptoKey;
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.tokenSecret ?? (await this.settings.secret('access_token_secret', 48));
    this.key = new TextEncoder().encode(secret);
    this.verifyKey = await webcrypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
  }

  async issue(principal: Principal): Promise<{ accessToken: string; expiresIn: number }> {
    const expiresIn = this.config.accessTokenTtlSeconds;
    const accessToken = await new SignJWT({ usr: principal.username, roles: principal.roles, unit: principal.unitId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.key);
    return { accessToken, expiresIn };
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.principal;
      this.verified.delete(token);
      throw new AppError('TOKEN_EXPIRED');
    }
    const { principal, expiresAtMs } = await this.verifySignature(token);
    if (expiresAtMs === null) return principal;
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, expiresAtMs });
    return principal;
  }

  private async verifySignature(token: string): Promise<{ principal: Principal; expiresAtMs: number | null }> {
    try {
      const { payload } = await jwtVerify(token, this.verifyKey, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role))
        : [];
      if (typeof payload.sub !== 'string' || typeof payload.usr !== 'string') throw new AppError('TOKEN_INVALID');
      const principal: Principal = {
        userId: payload.sub,
        username: payload.usr,
        roles,
        unitId: typeof payload.unit === 'string' ? payload.unit : null,
      };
      // jose has checked `exp` with no clock tolerance; the cache keeps to the same instant.
      return { principal, expiresAtMs: payload.exp === undefined ? null : payload.exp * 1000 };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) throw new AppError('TOKEN_EXPIRED');
      throw new AppError('TOKEN_INVALID');
    }
  }
}
