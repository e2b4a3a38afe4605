import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ErrorDetail } from '#contracts';
import { AppError, AuditService, Clock, type Principal, uniqueViolation } from '#core';
import { AccessScopeService } from '../access-scope.service.js';
import { AuthService } from '../auth/auth.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { MemberImportResultDto } from '../dto/user-admin.dto.js';
import type { User } from '../entities/user.entity.js';
import { readSpreadsheet } from '../imports/spreadsheet.js';
import { UnitRepository } from '../units/unit.repository.js';
import { generatePassword } from './generated-password.js';
import { MEMBER_IMPORT_MAX_ROWS, planMemberImport } from './member-import.js';
import { vietnamToday } from './person.js';
import { UserRepository } from './user.repository.js';

/**
 * Bulk accounts for the members of one unit. All-or-nothing; each new account gets a generated initial password that
 * is returned once in the response and stored only as a hash (see INITIAL_ARGON2_PARAMS for why a light one).
 */
@Injectable()
export class MemberImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AccessScopeService,
    private readonly units: UnitRepository,
    private readonly users: UserRepository,
    private readonly auth: AuthService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async importMembers(
    principal: Principal,
    unitId: string,
    file: Buffer | undefined,
    dryRun: boolean,
  ): Promise<MemberImportResultDto> {
    // Scope before the file: an organizer learns nothing about another subtree's unit from an import's errors.
    await this.scope.assertUnitInScope(principal, unitId);
    const unit = await this.units.findById(unitId);
    if (!unit) throw new AppError('UNIT_NOT_FOUND');
    if (unit.status !== 'active') throw new AppError('UNIT_INACTIVE');
    if (!file?.length) throw new AppError('FILE_REQUIRED');
    const sheet = await readSpreadsheet(file, { maxRows: MEMBER_IMPORT_MAX_ROWS });
    const now = this.clock.now();
    const { members, errors } = planMemberImport(sheet, vietnamToday(now), principal.roles);

    const citizen = new Map(
      members.filter((m) => m.citizenId).map((m) => [m.row, this.auth.citizenIdHash(m.citizenId!)]),
    );
    const takenNames = await this.users.existingUsernames(members.map((m) => m.username));
    const takenCitizens = await this.users.existingCitizenIdHashes([...citizen.values()].map((c) => c.hash));
    const dbErrors: ErrorDetail[] = [];
    for (const m of members) {
      if (takenNames.has(m.username)) {
        dbErrors.push({ row: m.row, message: `Tên đăng nhập "${m.username}" đã có người dùng.`, text: m.username });
      }
      const c = citizen.get(m.row);
      if (c && takenCitizens.has(c.hash)) {
        dbErrors.push({ row: m.row, message: 'Số CCCD này đã được dùng cho một tài khoản khác.', text: `…${c.last4}` });
      }
    }
    const allErrors = [...errors, ...dbErrors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    if (allErrors.length) throw new AppError('IMPORT_INVALID', allErrors);

    const accounts = members.map((m) => ({ row: m.row, username: m.username, fullName: m.fullName }));
    if (dryRun) return { dryRun: true, created: members.length, accounts };

    const passwords = members.map(() => generatePassword());
    const hashes = await this.hasher.hashInitialMany(passwords);
    const rows: Partial<User>[] = members.map((m, i) => ({
      username: m.username,
      passwordHash: hashes[i]!,
      fullName: m.fullName,
      birthDate: m.birthDate,
      unitId: unit.id,
      phone: m.phone,
      email: m.email,
      citizenIdHash: citizen.get(m.row)?.hash ?? null,
      citizenIdLast4: citizen.get(m.row)?.last4 ?? null,
      roles: m.roles,
      population: m.population,
      guardianName: m.guardianName,
      guardianConsentAt: m.minor ? now : null,
      childConsentAt: m.childConsent ? now : null,
      publicNameConsent: false,
      status: 'active',
    }));
    try {
      await this.dataSource.transaction(async (manager) => {
        await this.users.insertMany(rows, manager);
        await this.audit.record(
          principal.userId,
          'user.import',
          unit.id,
          { created: rows.length, roles: [...new Set(members.flatMap((m) => m.roles))] },
          manager,
        );
      });
    } catch (error) {
      // A registration that took a name or citizen ID after the check above: the unique index decides.
      const constraint = uniqueViolation(error);
      if (constraint?.includes('citizen_id')) throw new AppError('CITIZEN_ID_TAKEN');
      if (constraint !== null) throw new AppError('USERNAME_TAKEN');
      throw error;
    }
    return {
      dryRun: false,
      created: rows.length,
      accounts: accounts.map((a, i) => ({ ...a, initialPassword: passwords[i]! })),
    };
  }
}
