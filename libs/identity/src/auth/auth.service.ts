import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  AppError,
  AuditService,
  Clock,
  SettingsService,
  TokenService,
  type AppConfig,
  type Principal,
  uniqueViolation,
} from '#core';
import type { AuthResponseDto, ChangePasswordDto, LoginDto, RegisterDto, UserResponseDto } from '../dto/auth.dto.js';
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
import { DisabledAccounts } from './disabled-accounts.js';
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
    private readonly audit: AuditService,
    private readonly accounts: DisabledAccounts,
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

  /** `address`: the caller's IP address (behind the proxy, the client's), which the back-off counts by. */
  login(dto: LoginDto, address: string): Promise<AuthResponseDto> {
    return this.hasher.admit(() => this.checkCredentials(dto, address));
  }

  private async checkCredentials(dto: LoginDto, address: string): Promise<AuthResponseDto> {
    const username = normalizeUsername(dto.username);
    // Counted as a failure from here on unless it turns out right.
    await this.admitAttempt(username, address);
    const user = await this.users.findByUsername(username);
    let passwordRight = false;
    if (user) passwordRight = await this.hasher.verify(user.passwordHash, dto.password);
    else await this.hasher.verifyAgainstDummy(dto.password);
    // A disabled account is answered exactly as a wrong password (same status, code, work done): otherwise the answer
    // would tell a guesser that the password is right.
    if (!user || !passwordRight || user.status !== 'active') throw new AppError('INVALID_CREDENTIALS');
    await this.throttle.succeeded(username, address);
    if (this.hasher.needsUpgrade(user.passwordHash)) {
      await this.users.setPasswordHash(user.id, await this.hasher.hash(dto.password));
    }
    return this.issueFor(user.id);
  }

  /** Refuses (TOO_MANY_ATTEMPTS, with the wait) while the back-off says wait; else counts the attempt. */
  private async admitAttempt(username: string, address: string): Promise<void> {
    const wait = await this.throttle.begin(username, address);
    if (wait > 0) {
      throw new AppError(
        'TOO_MANY_ATTEMPTS',
        { retryAfterSeconds: wait },
        {
          vi: `Đăng nhập sai nhiều lần. Vui lòng thử lại sau ${wait} giây.`,
          en: `Too many failed sign-ins. Try again in ${wait} seconds.`,
        },
      );
    }
  }

  /**
   * The signed-in person changes their own password, giving the current one. Every token of theirs, this one too, is
   * revoked (the authorization version rises); the answer carries a fresh token so this session goes on.
   */
  changePassword(principal: Principal, dto: ChangePasswordDto, address: string): Promise<AuthResponseDto> {
    return this.hasher.admit(async () => {
      const user = await this.users.findById(principal.userId);
      if (!user || user.status !== 'active') throw new AppError('TOKEN_INVALID');
      // The current password is checked under the sign-in back-off: a stolen token does not make a guessing oracle.
      await this.admitAttempt(user.username, address);
      if (!(await this.hasher.verify(user.passwordHash, dto.currentPassword))) {
        throw new AppError('CURRENT_PASSWORD_WRONG', [
          { field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' },
        ]);
      }
      await this.throttle.succeeded(user.username, address);
      if (dto.newPassword === dto.currentPassword) {
        throw new AppError('VALIDATION_FAILED', [
          { field: 'newPassword', message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' },
        ]);
      }
      const version = await this.users.setPassword(user.id, await this.hasher.hash(dto.newPassword), false);
      this.accounts.authzChanged([{ userId: user.id, version }]);
      await this.audit.record(user.id, 'user.password_change', user.id);
      return this.issueFor(user.id);
    });
  }

  /**
   * Registration answers the same whether or not the citizen ID already has an account: when it has, the new account
   * is created without the ID bound to it (only its last digits kept for display) and the conflict is audit-logged
   * for the unit's organizers to settle; so a stranger cannot learn who is registered, and a person whose ID someone
   * else holds still gets an account. Registrations per address are limited (REGISTRATIONS_PER_ADDRESS_PER_HOUR).
   */
  async register(dto: RegisterDto, address: string): Promise<AuthResponseDto> {
    const wait = await this.throttle.takeRegistration(address, this.config.registrationsPerAddressPerHour);
    if (wait > 0) {
      throw new AppError(
        'RATE_LIMITED',
        { retryAfterSeconds: wait },
        {
          vi: `Có quá nhiều lượt đăng ký từ địa chỉ mạng này. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.`,
          en: `Too many registrations from this network address. Try again in ${Math.ceil(wait / 60)} minutes.`,
        },
      );
    }
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
    const account: Partial<User> = {
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
    };
    let user: User;
    try {
      user = await this.insertAccount(account);
    } catch (error) {
      if (!uniqueViolation(error)?.includes('citizen_id')) throw error;
      user = await this.insertAccount({ ...account, citizenIdHash: null });
      const holder = await this.users.findByCitizenIdHash(citizen!.hash);
      await this.audit.record(user.id, 'user.citizen_id_conflict', user.id, { holder: holder?.id ?? null });
    }
    return this.issueFor(user.id);
  }

  /** The unique indexes decide races: of two concurrent registrations of one username exactly one insert wins. */
  private async insertAccount(account: Partial<User>): Promise<User> {
    try {
      return await this.users.insert(account);
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint !== null && !constraint.includes('citizen_id')) throw new AppError('USERNAME_TAKEN');
      throw error;
    }
  }

  async me(principal: Principal): Promise<UserResponseDto> {
    const user = await this.users.findById(principal.userId);
    if (!user || user.status !== 'active') throw new AppError('TOKEN_INVALID');
    return toUserResponse(user, vietnamToday(this.clock.now()));
  }

  private async issueFor(userId: string): Promise<AuthResponseDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('USER_NOT_FOUND');
    const { accessToken, expiresIn } = await this.tokens.issue(
      {
        userId: user.id,
        username: user.username,
        roles: user.roles,
        unitId: user.unitId,
        mustChangePassword: user.mustChangePassword,
      },
      user.authzVersion,
    );
    return {
      accessToken,
      expiresIn,
      mustChangePassword: user.mustChangePassword,
      user: toUserResponse(user, vietnamToday(this.clock.now())),
    };
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
