import { Injectable } from '@nestjs/common';
import { POPULATION_LABELS_VI } from '#contracts';
import { AppError, AuditService, Clock, type Principal } from '#core';
import { AccessScopeService, pathInScope, type Scope } from '../access-scope.service.js';
import type {
  ExportUsersQueryDto,
  ListUsersQueryDto,
  PasswordResetDto,
  SetRolesDto,
  SetStatusDto,
  SetUnitDto,
  UserAdminDto,
  UserPageDto,
} from '../dto/user-admin.dto.js';
import type { User } from '../entities/user.entity.js';
import { buildWorkbook } from '../imports/workbook.js';
import { UnitRepository } from '../units/unit.repository.js';
import { maskCitizenId } from './citizen-id.js';
import { vietnamToday } from './person.js';
import { roleChangeRefusal } from './role-rules.js';
import { toUserAdmin } from './user-admin-response.js';
import { UserRepository } from './user.repository.js';
import { DisabledAccounts } from '../auth/disabled-accounts.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { generatePassword } from './generated-password.js';

/** Rows one export may hold: a whole district fits; the city is exported district by district. */
export const USER_EXPORT_MAX_ROWS = 50_000;

const dmy = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '');

/** People management for administrators and organizers; an organizer sees only the people of their subtree. */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly scope: AccessScopeService,
    private readonly units: UnitRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly disabledAccounts: DisabledAccounts,
    private readonly hasher: PasswordHasher,
  ) {}

  /** The path prefix to read people under: the caller's scope, narrowed to `unitId` when given (null = everyone). */
  private async prefixFor(principal: Principal, unitId: string | undefined): Promise<string | null> {
    if (unitId) {
      await this.scope.assertUnitInScope(principal, unitId);
      return (await this.units.findById(unitId))!.path;
    }
    const scope = await this.scope.scopeOf(principal);
    return scope.kind === 'all' ? null : scope.pathPrefix;
  }

  async list(principal: Principal, query: ListUsersQueryDto): Promise<UserPageDto> {
    const prefix = await this.prefixFor(principal, query.unitId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { items, total } = await this.users.findPeople(prefix, {
      search: query.q?.normalize('NFC').trim() || undefined,
      role: query.role,
      status: query.status,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const today = vietnamToday(this.clock.now());
    return { items: items.map((u) => toUserAdmin(u, today)), total, page, pageSize };
  }

  /** The user, if the caller's scope covers their unit (a user without a unit is the administrators' only). */
  private async userInScope(principal: Principal, userId: string): Promise<{ user: User; scope: Scope }> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('USER_NOT_FOUND');
    const scope = await this.scope.scopeOf(principal);
    if (scope.kind !== 'all' && !(user.unit && pathInScope(scope, user.unit.path))) {
      throw new AppError('OUT_OF_SCOPE');
    }
    return { user, scope };
  }

  async get(principal: Principal, userId: string): Promise<UserAdminDto> {
    const { user } = await this.userInScope(principal, userId);
    return toUserAdmin(user, vietnamToday(this.clock.now()));
  }

  /**
   * New roles take effect at once: the person's tokens are refused (TOKEN_REVOKED) here now and on the other instances
   * at their next poll, and the next sign-in carries the new roles.
   */
  async setRoles(principal: Principal, userId: string, dto: SetRolesDto): Promise<UserAdminDto> {
    const { user } = await this.userInScope(principal, userId);
    const roles = [...new Set(dto.roles)];
    const refusal = roleChangeRefusal(principal, user, user.roles, roles);
    if (refusal) throw new AppError('FORBIDDEN', [{ field: 'roles', message: refusal }]);
    // The same roles again change nothing, and sign nobody out.
    if (roles.length === user.roles.length && roles.every((r) => user.roles.includes(r)))
      return this.get(principal, userId);
    const version = await this.users.setRoles(user.id, roles);
    this.disabledAccounts.authzChanged([{ userId: user.id, version }]);
    await this.audit.record(principal.userId, 'user.roles', user.id, { from: user.roles, to: roles });
    return this.get(principal, userId);
  }

  /** Moves a person to another unit of the caller's subtree; like a role change, it takes effect at once. */
  async setUnit(principal: Principal, userId: string, dto: SetUnitDto): Promise<UserAdminDto> {
    const { user, scope } = await this.userInScope(principal, userId);
    this.assertManages(principal, user, scope, 'unitId');
    await this.scope.assertUnitInScope(principal, dto.unitId);
    const unit = await this.units.findById(dto.unitId);
    if (unit?.status !== 'active') throw new AppError('UNIT_INACTIVE');
    if (user.unitId !== unit.id) {
      const version = await this.users.setUnit(user.id, unit.id);
      this.disabledAccounts.authzChanged([{ userId: user.id, version }]);
      await this.audit.record(principal.userId, 'user.unit', user.id, { from: user.unitId, to: unit.id });
    }
    return this.get(principal, userId);
  }

  /**
   * Sets a one-time password, returned once to the caller: the person's tokens are revoked and, signed in with it,
   * they can do nothing but change it (PASSWORD_CHANGE_REQUIRED). Same limits as locking an account.
   */
  async resetPassword(principal: Principal, userId: string): Promise<PasswordResetDto> {
    const { user, scope } = await this.userInScope(principal, userId);
    this.assertManages(principal, user, scope, 'password');
    const temporaryPassword = generatePassword();
    // A random 70-bit password: the light hash is enough (see INITIAL_ARGON2_PARAMS); the change replaces it.
    const version = await this.users.setPassword(user.id, await this.hasher.hashInitial(temporaryPassword), true);
    this.disabledAccounts.authzChanged([{ userId: user.id, version }]);
    await this.audit.record(principal.userId, 'user.password_reset', user.id);
    return { username: user.username, temporaryPassword };
  }

  /** An organizer manages the people of their subtree, but not themselves here nor administrators and organizers. */
  private assertManages(principal: Principal, user: User, scope: Scope, field: string): void {
    if (user.id === principal.userId) {
      throw new AppError('FORBIDDEN', [{ field, message: 'Không thể tự thực hiện thao tác này cho chính mình.' }]);
    }
    if (scope.kind !== 'all' && user.roles.some((r) => r === 'admin' || r === 'organizer')) {
      throw new AppError('FORBIDDEN', [
        { field, message: 'Chỉ quản trị viên thực hiện thao tác này với tài khoản quản trị, tổ chức.' },
      ]);
    }
  }

  async setStatus(principal: Principal, userId: string, dto: SetStatusDto): Promise<UserAdminDto> {
    const { user, scope } = await this.userInScope(principal, userId);
    this.assertManages(principal, user, scope, 'status');
    await this.users.setStatus(user.id, dto.status);
    this.disabledAccounts.changed(user.id, dto.status);
    await this.audit.record(principal.userId, 'user.status', user.id, { from: user.status, to: dto.status });
    return this.get(principal, userId);
  }

  /** Personal data leaves the system here, so every export is audit-logged; citizen IDs stay masked. */
  async exportPeople(principal: Principal, query: ExportUsersQueryDto): Promise<Buffer> {
    const prefix = await this.prefixFor(principal, query.unitId);
    const { items, total } = await this.users.findPeople(prefix, {
      search: query.q?.normalize('NFC').trim() || undefined,
      role: query.role,
      status: query.status,
      offset: 0,
      limit: USER_EXPORT_MAX_ROWS + 1,
    });
    if (total > USER_EXPORT_MAX_ROWS) {
      throw new AppError(
        'IMPORT_TOO_LARGE',
        { limit: USER_EXPORT_MAX_ROWS },
        {
          vi: `Có ${total.toLocaleString('vi-VN')} người: mỗi lần xuất tối đa ${USER_EXPORT_MAX_ROWS.toLocaleString('vi-VN')}. Hãy chọn một đơn vị nhỏ hơn.`,
          en: `${total} people: an export holds at most ${USER_EXPORT_MAX_ROWS}. Choose a smaller unit.`,
        },
      );
    }
    await this.audit.record(principal.userId, 'user.export', query.unitId ?? null, {
      rows: items.length,
      ...(query.q ? { q: query.q } : {}),
      ...(query.role ? { role: query.role } : {}),
      ...(query.status ? { status: query.status } : {}),
    });
    return buildWorkbook([
      {
        name: 'Danh sách',
        columns: [
          { header: 'Họ và tên', width: 28 },
          { header: 'Tên đăng nhập' },
          { header: 'Ngày sinh', width: 12 },
          { header: 'Số điện thoại', width: 14 },
          { header: 'Email', width: 26 },
          { header: 'Số CCCD' },
          { header: 'Đối tượng', width: 22 },
          { header: 'Vai trò' },
          { header: 'Đơn vị', width: 30 },
          { header: 'Trạng thái', width: 12 },
        ],
        rows: items.map((u) => [
          u.fullName,
          u.username,
          dmy(u.birthDate),
          u.phone ?? '',
          u.email ?? '',
          maskCitizenId(u.citizenIdLast4) ?? '',
          u.population ? POPULATION_LABELS_VI[u.population] : '',
          u.roles.join(', '),
          u.unit?.name ?? '',
          u.status === 'active' ? 'Hoạt động' : 'Đã khóa',
        ]),
      },
    ]);
  }
}
