import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '#contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { SettingsService } from '../settings/settings.service.js';
import type { Principal } from './principal.js';

const ISSUER = 'haidang';
const AUDIENCE = 'haidang-api';

/** Short-lived HS256 access tokens. The key is shared by all instances through the database unless configured. */
@Injectable()
export class TokenService implements OnModuleInit {
  private key: Uint8Array;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.tokenSecret ?? (await this.settings.secret('access_token_secret', 48));
    this.key = new TextEncoder().encode(secret);
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
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role))
        : [];
      if (typeof payload.sub !== 'string' || typeof payload.usr !== 'string') throw new AppError('TOKEN_INVALID');
      return {
        userId: payload.sub,
        username: payload.usr,
        roles,
        unitId: typeof payload.unit === 'string' ? payload.unit : null,
      };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) throw new AppError('TOKEN_EXPIRED');
      throw new AppError('TOKEN_INVALID');
    }
  }
}
