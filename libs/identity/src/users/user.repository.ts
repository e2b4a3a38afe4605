import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '#contracts';
import { User } from '../entities/user.entity.js';

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
    filter: { search?: string; offset: number; limit: number },
  ): Promise<{ items: User[]; total: number }> {
    const qb = this.dataSource.manager.createQueryBuilder(User, 'u').leftJoinAndSelect('u.unit', 'unit');
    if (pathPrefix !== null) {
      qb.where("unit.path LIKE :prefix || '%' ESCAPE '\\'", { prefix: escapeLike(pathPrefix) });
    }
    if (filter.search) {
      qb.andWhere('(u.full_name ILIKE :q OR u.username ILIKE :q)', { q: `%${escapeLike(filter.search)}%` });
    }
    const [items, total] = await qb
      .orderBy('u.full_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip(filter.offset)
      .take(filter.limit)
      .getManyAndCount();
    return { items, total };
  }

  async setRoles(id: string, roles: Role[]): Promise<void> {
    await this.dataSource.manager.update(User, { id }, { roles });
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

  async moveUsersBetweenUnits(fromUnitId: string, toUnitId: string, manager: EntityManager): Promise<number> {
    const result = await manager.update(User, { unitId: fromUnitId }, { unitId: toUnitId });
    return result.affected ?? 0;
  }

  async hasAdmin(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query("SELECT 1 FROM app_user WHERE 'admin' = ANY(roles) LIMIT 1");
    return rows.length > 0;
  }
}
