import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '#contracts';
import { User } from '../entities/user.entity.js';
import { foldedContains, foldSql } from '../search-fold.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string): Promise<User | null> {
    return this.dataSource.manager.findOne(User, { where: { id }, relations: { unit: true } });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.dataSource.manager.findOneBy(User, { username });
  }

  findByCitizenIdHash(citizenIdHash: string): Promise<User | null> {
    return this.dataSource.manager.findOneBy(User, { citizenIdHash });
  }

  async insert(user: Partial<User>, manager?: EntityManager): Promise<User> {
    const entity = this.m(manager).create(User, user);
    await this.m(manager).insert(User, entity);
    return entity;
  }

  async insertMany(users: Partial<User>[], manager: EntityManager): Promise<void> {
    for (let i = 0; i < users.length; i += 500) {
      await manager.insert(User, users.slice(i, i + 500));
    }
  }

  async existingUsernames(usernames: string[], manager?: EntityManager): Promise<Set<string>> {
    if (!usernames.length) return new Set();
    const rows: { username: string }[] = await this.m(manager).query(
      'SELECT username FROM app_user WHERE username = ANY($1::text[])',
      [usernames],
    );
    return new Set(rows.map((r) => r.username));
  }

  async existingCitizenIdHashes(hashes: string[], manager?: EntityManager): Promise<Set<string>> {
    if (!hashes.length) return new Set();
    const rows: { citizen_id_hash: string }[] = await this.m(manager).query(
      'SELECT citizen_id_hash FROM app_user WHERE citizen_id_hash = ANY($1::text[])',
      [hashes],
    );
    return new Set(rows.map((r) => r.citizen_id_hash));
  }

  /** People of a subtree, for an organizer: the scope's path prefix comes first. */
  async findInSubtree(
    pathPrefix: string,
    filter: { search?: string; offset: number; limit: number },
  ): Promise<{ items: User[]; total: number }> {
    const qb = this.dataSource.manager
      .createQueryBuilder(User, 'u')
      .innerJoinAndSelect('u.unit', 'unit')
      .where("unit.path LIKE :prefix || '%' ESCAPE '\\'", { prefix: escapeLike(pathPrefix) });
    if (filter.search) {
      qb.andWhere('(u.full_name ILIKE :q OR u.username ILIKE :q)', { q: `%${escapeLike(filter.search)}%` });
    }
    const [items, total] = await qb
      .orderBy('u.created_at', 'DESC')
      .skip(filter.offset)
      .take(filter.limit)
      .getManyAndCount();
    return { items, total };
  }

  /**
   * People for the admin list: the scope's path prefix first (null = everyone, for an administrator), then filters.
   */
  async findPeople(
    pathPrefix: string | null,
    filter: { search?: string; role?: Role; status?: User['status']; offset: number; limit: number },
  ): Promise<{ items: User[]; total: number }> {
    const qb = this.dataSource.manager.createQueryBuilder(User, 'u').leftJoinAndSelect('u.unit', 'unit');
    if (pathPrefix !== null) {
      qb.where("unit.path LIKE :prefix || '%' ESCAPE '\\'", { prefix: escapeLike(pathPrefix) });
    }
    if (filter.search) {
      // Diacritics and case ignored: "nguyen van an" finds "Nguyễn Văn An".
      qb.andWhere(`(${foldSql('u.full_name')} LIKE :q ESCAPE '\\' OR lower(u.username) LIKE :q ESCAPE '\\')`, {
        q: foldedContains(filter.search),
      });
    }
    if (filter.role) qb.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.status) qb.andWhere('u.status = :status', { status: filter.status });
    const [items, total] = await qb
      .orderBy('u.full_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip(filter.offset)
      .take(filter.limit)
      .getManyAndCount();
    return { items, total };
  }

  /**
   * Applies a change of what the account may do (roles, unit, password) and raises its authorization version in the
   * same statement; returns the new version, which the caller hands to the token service.
   */
  private async changeAuthz(id: string, set: Partial<User>, manager?: EntityManager): Promise<number> {
    const result = await this.m(manager)
      .createQueryBuilder()
      .update(User)
      .set({ ...set, authzVersion: () => 'authz_version + 1', authzChangedAt: () => 'now()' })
      .where('id = :id', { id })
      .returning(['authzVersion'])
      .execute();
    return (result.raw as { authz_version: number }[])[0]!.authz_version;
  }

  setRoles(id: string, roles: Role[]): Promise<number> {
    return this.changeAuthz(id, { roles });
  }

  setUnit(id: string, unitId: string): Promise<number> {
    return this.changeAuthz(id, { unitId });
  }

  /** A new password: the account's tokens are revoked; `mustChange` when an organizer set it (a reset). */
  setPassword(id: string, passwordHash: string, mustChange: boolean): Promise<number> {
    return this.changeAuthz(id, { passwordHash, mustChangePassword: mustChange });
  }

  /** Accounts whose authorization changed within the last `seconds`, with their current version. */
  async recentlyChangedAuthz(seconds: number): Promise<{ userId: string; version: number }[]> {
    const rows: { id: string; authz_version: number }[] = await this.dataSource.query(
      `SELECT id, authz_version FROM app_user
       WHERE authz_changed_at IS NOT NULL AND authz_changed_at > now() - make_interval(secs => $1)`,
      [seconds],
    );
    return rows.map((r) => ({ userId: r.id, version: r.authz_version }));
  }

  async setStatus(id: string, status: User['status']): Promise<void> {
    await this.dataSource.manager.update(User, { id }, { status });
  }

  /** Accounts disabled (or changed while disabled) within the last `seconds`: few, read through a partial index. */
  async recentlyDisabled(seconds: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      "SELECT id FROM app_user WHERE status = 'disabled' AND updated_at > now() - make_interval(secs => $1)",
      [seconds],
    );
    return rows.map((r) => r.id);
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.dataSource.manager.update(User, { id }, { passwordHash });
  }

  /** A merge moves the people: their tokens name the old unit, so their authorization version rises too. */
  async moveUsersBetweenUnits(
    fromUnitId: string,
    toUnitId: string,
    manager: EntityManager,
  ): Promise<{ userId: string; version: number }[]> {
    // An UPDATE … RETURNING comes back from TypeORM as [rows, affected count].
    const [rows]: [{ id: string; authz_version: number }[], number] = await manager.query(
      `UPDATE app_user SET unit_id = $2, authz_version = authz_version + 1, authz_changed_at = now(), updated_at = now()
       WHERE unit_id = $1 RETURNING id, authz_version`,
      [fromUnitId, toUnitId],
    );
    return rows.map((r) => ({ userId: r.id, version: r.authz_version }));
  }

  /** How many accounts belong to the units of a subtree. */
  async countInSubtree(pathPrefix: string, manager: EntityManager): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM app_user u JOIN org_unit unit ON unit.id = u.unit_id
       WHERE unit.path LIKE $1 || '%' ESCAPE '\\'`,
      [escapeLike(pathPrefix)],
    );
    return rows[0]!.n;
  }

  async hasAdmin(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query("SELECT 1 FROM app_user WHERE 'admin' = ANY(roles) LIMIT 1");
    return rows.length > 0;
  }
}
