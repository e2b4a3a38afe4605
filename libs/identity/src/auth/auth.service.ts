import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  AppError,
  Clock,
  SettingsService,
  TokenService,
  type AppConfig,
  type Principal,
  uniqueViolation,
} from '#core';
import type { AuthResponseDto, LoginDto, RegisterDto, UserResponseDto } from '../dto/auth.dto.js';
import type { User } from '../entities/user.entity.js';
import { UnitRepository } from '../units/unit.repository.js';
import { hashCitizenId, normalizeCitizenId } from '../users/citizen-id.js';
import { generatePassword } from '../users/generated-password.js';
import {
  ADULT_AGE,
  ageOn,
  CHILD_OWN_CONSENT_AGE,
  cleanText,
  isIsoDate,
  MIN_AGE,
  vietnamToday,
} from '../users/person.js';
import { toUserResponse } from '../users/user-response.js';
import { UserRepository } from '../users/user.repository.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { PasswordHasher } from './password-hasher.js';

export function normalizeUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

@Injectable()
export class AuthService implements OnModuleInit {
  private citizenIdKey: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleRepository,
    private readonly tokens: TokenService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.citizenIdKey = this.config.citizenIdKey ?? (await this.settings.secret('citizen_id_key'));
  }

  citizenIdHash(raw: string): { hash: string; last4: string } {
    const normalized = normalizeCitizenId(raw);
    if (!normalized) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'citizenId', message: 'Số CCCD phải gồm 12 chữ số (hoặc CMND 9 chữ số).' },
      ]);
    }
    return { hash: hashCitizenId(normalized, this.citizenIdKey), last4: normalized.slice(-4) };
  }

  login(dto: LoginDto): Promise<AuthResponseDto> {
    return this.hasher.admit(() => this.checkCredentials(dto));
  }

  private async checkCredentials(dto: LoginDto): Promise<AuthResponseDto> {
    const username = normalizeUsername(dto.username);
    const lockedFor = await this.throttle.lockedForSeconds(username);
    if (lockedFor > 0) throw new AppError('TOO_MANY_ATTEMPTS', { retryAfterSeconds: lockedFor });
    const user = await this.users.findByUsername(username);
    if (!user) {
      await this.hasher.verifyAgainstDummy(dto.password);
      await this.throttle.recordFailure(username);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (!(await this.hasher.verify(user.passwordHash, dto.password))) {
      await this.throttle.recordFailure(username);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
    await this.throttle.clear(username);
    if (this.hasher.needsUpgrade(user.passwordHash)) {
      await this.users.setPasswordHash(user.id, await this.hasher.hash(dto.password));
    }
    return this.issueFor(user.id);
  }

  async register(dto: RegisterDto): Promise<AuthResponseDto> {
    const today = vietnamToday(this.clock.now());
    if (!isIsoDate(dto.birthDate) || dto.birthDate > today || dto.birthDate < '1900-01-01') {
      throw new AppError('BIRTH_DATE_INVALID', [
        { field: 'birthDate', message: 'Ngày sinh theo dạng YYYY-MM-DD, không ở tương lai.' },
      ]);
    }
    const age = ageOn(dto.birthDate, today);
    if (age < MIN_AGE) throw new AppError('TOO_YOUNG');
    const minor = age < ADULT_AGE;
    if (minor && (!dto.guardianConsent || !dto.guardianName)) throw new AppError('GUARDIAN_CONSENT_REQUIRED');
    if (minor && age >= CHILD_OWN_CONSENT_AGE && !dto.childConsent) throw new AppError('CHILD_CONSENT_REQUIRED');
    const unit = await this.units.findById(dto.unitId);
    if (!unit) throw new AppError('UNIT_NOT_FOUND');
    if (unit.status !== 'active') throw new AppError('UNIT_INACTIVE');
    const citizen = dto.citizenId ? this.citizenIdHash(dto.citizenId) : null;
    const now = this.clock.now();
    const passwordHash = await this.hasher.hash(dto.password);
    let user: User;
    try {
      user = await this.users.insert({
        username: normalizeUsername(dto.username),
        passwordHash,
        fullName: cleanText(dto.fullName),
        birthDate: dto.birthDate,
        unitId: unit.id,
        phone: dto.phone ?? null,
        email: dto.email?.toLowerCase() ?? null,
        citizenIdHash: citizen?.hash ?? null,
        citizenIdLast4: citizen?.last4 ?? null,
        roles: ['participant'],
        population: dto.population ?? (age < 16 ? 'teens' : 'youth'),
        guardianName: minor ? cleanText(dto.guardianName!) : null,
        guardianPhone: minor ? (dto.guardianPhone ?? null) : null,
        guardianConsentAt: minor ? now : null,
        childConsentAt: minor && age >= CHILD_OWN_CONSENT_AGE ? now : null,
        publicNameConsent: dto.publicNameConsent ?? false,
        status: 'active',
      });
    } catch (error) {
      // The unique indexes decide races: of two concurrent registrations exactly one insert wins.
      const constraint = uniqueViolation(error);
      if (constraint?.includes('citizen_id')) throw new AppError('CITIZEN_ID_TAKEN');
      if (constraint !== null) throw new AppError('USERNAME_TAKEN');
      throw error;
    }
    return this.issueFor(user.id);
  }

  async me(principal: Principal): Promise<UserResponseDto> {
    const user = await this.users.findById(principal.userId);
    if (!user || user.status !== 'active') throw new AppError('TOKEN_INVALID');
    return toUserResponse(user, vietnamToday(this.clock.now()));
  }

  private async issueFor(userId: string): Promise<AuthResponseDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('USER_NOT_FOUND');
    const { accessToken, expiresIn } = await this.tokens.issue({
      userId: user.id,
      username: user.username,
      roles: user.roles,
      unitId: user.unitId,
    });
    return { accessToken, expiresIn, user: toUserResponse(user, vietnamToday(this.clock.now())) };
  }

  /** Creates the first administrator if there is none; returns the generated password when one was generated. */
  async ensureAdministrator(
    rootUnitId: string | null,
  ): Promise<{ username: string; generatedPassword?: string } | null> {
    if (await this.users.hasAdmin()) return null;
    const generatedPassword = this.config.adminPassword ? undefined : generatePassword(16);
    const password = this.config.adminPassword ?? generatedPassword!;
    await this.users
      .insert({
        username: normalizeUsername(this.config.adminUsername),
        passwordHash: await this.hasher.hash(password),
        fullName: 'Quản trị viên',
        unitId: rootUnitId,
        roles: ['admin'],
        publicNameConsent: true,
        status: 'active',
      })
      .catch((error: unknown) => {
        // Another instance created it first.
        if (uniqueViolation(error) === null) throw error;
      });
    return { username: this.config.adminUsername, generatedPassword };
  }
}
