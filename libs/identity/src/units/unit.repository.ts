import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { MemberCounts, UnitKind } from '#contracts';
import { OrgUnit } from '../entities/org-unit.entity.js';
import { UnitMerge } from '../entities/unit-merge.entity.js';
import { foldedContains, foldSql } from '../search-fold.js';

export interface NewUnit {
  code: string;
  name: string;
  fullName?: string | null;
  kind: UnitKind;
  counts?: Partial<MemberCounts>;
}

/** Advisory lock key of the unit tree (an arbitrary constant, unique in this database). */
const TREE_LOCK_KEY = 30_020_221;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** The only door to org_unit. Reads scoped to a subtree take the scope's path prefix first. */
@Injectable()
export class UnitRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<OrgUnit | null> {
    return this.m(manager).findOneBy(OrgUnit, { id });
  }

  findByCode(code: string, manager?: EntityManager): Promise<OrgUnit | null> {
    return this.m(manager).findOneBy(OrgUnit, { code });
  }

  /** Active children of a parent (roots when parentId is null), in Vietnamese alphabetical order. */
  async findActiveChildren(parentId: string | null): Promise<(OrgUnit & { childCount: number })[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(OrgUnit, 'u')
      .addSelect(
        (sub) => sub.select('count(*)::int').from(OrgUnit, 'c').where("c.parent_id = u.id AND c.status = 'active'"),
        'child_count',
      )
      .where(parentId ? 'u.parent_id = :parentId' : 'u.parent_id IS NULL', { parentId })
      .andWhere("u.status = 'active'")
      .getRawAndEntities();
    const collator = new Intl.Collator('vi');
    return rows.entities
      .map((unit, i) =>
        Object.assign(unit, { childCount: Number((rows.raw[i] as { child_count: number }).child_count) }),
      )
      .sort((a, b) => collator.compare(a.name, b.name));
  }

  /** Is `unitId` inside the subtree whose root has `pathPrefix`? */
  async isWithin(pathPrefix: string, unitId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      "SELECT 1 FROM org_unit WHERE id = $1 AND path LIKE $2 || '%' ESCAPE '\\'",
      [unitId, escapeLike(pathPrefix)],
    );
    return rows.length > 0;
  }

  async create(parent: OrgUnit | null, unit: NewUnit, manager?: EntityManager): Promise<OrgUnit> {
    const id = randomUUID();
    const entity = this.m(manager).create(OrgUnit, {
      id,
      code: unit.code,
      name: unit.name,
      fullName: unit.fullName ?? null,
      kind: unit.kind,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
      cadres: unit.counts?.cadres ?? 0,
      members: unit.counts?.members ?? 0,
      youth: unit.counts?.youth ?? 0,
      teens: unit.counts?.teens ?? 0,
      status: 'active',
    });
    await this.m(manager).insert(OrgUnit, entity);
    return entity;
  }

  async rename(id: string, name: string, fullName: string | null | undefined, manager?: EntityManager): Promise<void> {
    await this.m(manager).update(OrgUnit, { id }, fullName === undefined ? { name } : { name, fullName });
  }

  async setCounts(id: string, counts: Partial<MemberCounts>, manager?: EntityManager): Promise<void> {
    await this.m(manager).update(OrgUnit, { id }, counts);
  }

  /** Moves a unit with its whole subtree under a new parent: one statement rewrites every path and depth. */
  async moveSubtree(unit: OrgUnit, newParent: OrgUnit, manager: EntityManager): Promise<void> {
    const newPath = `${newParent.path}${unit.id}/`;
    const depthDelta = newParent.depth + 1 - unit.depth;
    await manager.query(
      // The casts matter: with an untyped parameter `substring(text from $3)` is the regular-expression form.
      `UPDATE org_unit SET path = $1::text || substring(path from $3::int), depth = depth + $4::int, updated_at = now()
       WHERE path LIKE $2 || '%' ESCAPE '\\'`,
      [newPath, escapeLike(unit.path), unit.path.length + 1, depthDelta],
    );
    await manager.update(OrgUnit, { id: unit.id }, { parentId: newParent.id });
  }

  /** Gives a unit a new code, and its descendants whose codes start with the old one the new prefix. */
  async recodeSubtree(unit: OrgUnit, newCode: string, manager: EntityManager): Promise<void> {
    if (newCode === unit.code) return;
    await manager.query(
      `UPDATE org_unit SET code = ${RECODED_CODE}, updated_at = now() WHERE ${RECODED_ROWS}`,
      recodeParameters(unit, newCode),
    );
  }

  /**
   * The first code `recodeSubtree(unit, newCode)` would give that another unit (outside the renamed ones) already has,
   * or null. Read under the tree lock, so the rename that follows cannot meet a code taken meanwhile.
   */
  async recodeCollision(unit: OrgUnit, newCode: string, manager: EntityManager): Promise<string | null> {
    if (newCode === unit.code) return null;
    const rows: { code: string }[] = await manager.query(
      `WITH renamed AS (SELECT id, ${RECODED_CODE} AS code FROM org_unit WHERE ${RECODED_ROWS})
       SELECT renamed.code FROM renamed JOIN org_unit other ON other.code = renamed.code
       WHERE other.id NOT IN (SELECT id FROM renamed) ORDER BY renamed.code LIMIT 1`,
      recodeParameters(unit, newCode),
    );
    return rows[0]?.code ?? null;
  }

  async activeChildrenOf(id: string, manager: EntityManager): Promise<OrgUnit[]> {
    return manager.findBy(OrgUnit, { parentId: id, status: 'active' });
  }

  async markMerged(source: OrgUnit, targetId: string, manager: EntityManager): Promise<void> {
    await manager.update(
      OrgUnit,
      { id: source.id },
      { status: 'merged', mergedIntoId: targetId, mergedAt: new Date() },
    );
  }

  async recordMerge(merge: Omit<UnitMerge, 'id' | 'mergedAt'>, manager: EntityManager): Promise<void> {
    await manager.insert(UnitMerge, merge);
  }

  /** Locks the rows of the given units in a stable order, so two concurrent tree edits cannot interleave. */
  async lock(ids: string[], manager: EntityManager): Promise<void> {
    await manager.query('SELECT id FROM org_unit WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
  }

  /**
   * Serializes every structural edit of the tree (create, move, merge, import) until the transaction ends. Row locks
   * on the two units touched are not enough: a move rewrites the paths of a whole subtree, and a child created under a
   * parent that is being moved would keep the parent's old path. Tree edits are rare, so one lock costs nothing.
   */
  async lockTree(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [TREE_LOCK_KEY]);
  }

  /** Units with the given codes and their parent's code, for an import to plan against. */
  async findByCodesWithParentCode(
    codes: string[],
    manager?: EntityManager,
  ): Promise<(OrgUnit & { parentCode: string | null })[]> {
    if (!codes.length) return [];
    const rows: (OrgUnit & { parentCode: string | null })[] = [];
    for (let i = 0; i < codes.length; i += 5000) {
      const found = await this.m(manager)
        .createQueryBuilder(OrgUnit, 'u')
        .leftJoin(OrgUnit, 'p', 'p.id = u.parent_id')
        .addSelect('p.code', 'parent_code')
        .where('u.code = ANY(:codes)', { codes: codes.slice(i, i + 5000) })
        .getRawAndEntities();
      found.entities.forEach((unit, j) =>
        rows.push(
          Object.assign(unit, { parentCode: (found.raw[j] as { parent_code: string | null }).parent_code ?? null }),
        ),
      );
    }
    return rows;
  }

  /** Inserts units whose ids and paths the caller computed (parents first), a thousand rows per statement. */
  async insertMany(units: Partial<OrgUnit>[], manager: EntityManager): Promise<void> {
    for (let i = 0; i < units.length; i += 1000) {
      await manager.insert(OrgUnit, units.slice(i, i + 1000));
    }
  }

  /** Sets the member counts of many units in one statement. */
  async setCountsMany(updates: { id: string; counts: MemberCounts }[], manager: EntityManager): Promise<void> {
    for (let i = 0; i < updates.length; i += 5000) {
      const chunk = updates.slice(i, i + 5000);
      await manager.query(
        `UPDATE org_unit u SET cadres = v.cadres, members = v.members, youth = v.youth, teens = v.teens,
                updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::int[]) AS v(id, cadres, members, youth, teens)
         WHERE u.id = v.id`,
        [
          chunk.map((u) => u.id),
          chunk.map((u) => u.counts.cadres),
          chunk.map((u) => u.counts.members),
          chunk.map((u) => u.counts.youth),
          chunk.map((u) => u.counts.teens),
        ],
      );
    }
  }

  /** Active units of a subtree (every unit for null), with their parent's code, shallowest first. */
  async findActiveInSubtree(pathPrefix: string | null): Promise<(OrgUnit & { parentCode: string | null })[]> {
    const qb = this.dataSource.manager
      .createQueryBuilder(OrgUnit, 'u')
      .leftJoin(OrgUnit, 'p', 'p.id = u.parent_id')
      .addSelect('p.code', 'parent_code')
      .where("u.status = 'active'");
    if (pathPrefix !== null) qb.andWhere("u.path LIKE :prefix || '%' ESCAPE '\\'", { prefix: escapeLike(pathPrefix) });
    const found = await qb.orderBy('u.depth').addOrderBy('u.path').getRawAndEntities();
    return found.entities.map((unit, j) =>
      Object.assign(unit, { parentCode: (found.raw[j] as { parent_code: string | null }).parent_code ?? null }),
    );
  }

  /**
   * Active units of a subtree (every unit for null) whose name, full name or code contains the query, diacritics and
   * case ignored; the shallowest first, then by name.
   */
  async searchActive(pathPrefix: string | null, query: string, limit: number): Promise<OrgUnit[]> {
    const qb = this.dataSource.manager
      .createQueryBuilder(OrgUnit, 'u')
      .where("u.status = 'active'")
      .andWhere(
        `(${foldSql('u.name')} LIKE :q ESCAPE '\\' OR ${foldSql("coalesce(u.full_name, '')")} LIKE :q ESCAPE '\\'
          OR u.code LIKE :q ESCAPE '\\')`,
        { q: foldedContains(query) },
      );
    if (pathPrefix !== null) qb.andWhere("u.path LIKE :prefix || '%' ESCAPE '\\'", { prefix: escapeLike(pathPrefix) });
    const units = await qb.orderBy('u.depth').addOrderBy('u.name').take(limit).getMany();
    const collator = new Intl.Collator('vi');
    return units.sort((a, b) => a.depth - b.depth || collator.compare(a.name, b.name));
  }

  /** Names of the units with these ids, for the trail of ancestors shown beside a found unit. */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      'SELECT id, name FROM org_unit WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The units of a subtree (the root included), id and code, for a change preview to compare codes before and after. */
  async codesInSubtree(pathPrefix: string, manager: EntityManager): Promise<Map<string, string>> {
    const rows: { id: string; code: string }[] = await manager.query(
      "SELECT id, code FROM org_unit WHERE path LIKE $1 || '%' ESCAPE '\\' AND status = 'active'",
      [escapeLike(pathPrefix)],
    );
    return new Map(rows.map((r) => [r.id, r.code]));
  }

  async codesOf(ids: string[], manager: EntityManager): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; code: string }[] = await manager.query(
      'SELECT id, code FROM org_unit WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.code]));
  }

  /** Sum of the member counts over a subtree's active units. */
  async subtreeCounts(pathPrefix: string, manager: EntityManager): Promise<MemberCounts> {
    const rows: MemberCounts[] = await manager.query(
      `SELECT coalesce(sum(cadres), 0)::int AS cadres, coalesce(sum(members), 0)::int AS members,
              coalesce(sum(youth), 0)::int AS youth, coalesce(sum(teens), 0)::int AS teens
       FROM org_unit WHERE path LIKE $1 || '%' ESCAPE '\\' AND status = 'active'`,
      [escapeLike(pathPrefix)],
    );
    return rows[0]!;
  }

  async count(): Promise<number> {
    return this.dataSource.manager.count(OrgUnit);
  }
}

/**
 * The rows a recode renames (the unit, and its descendants whose codes start with its code and "/") and their new
 * code, over `recodeParameters`.
 */
const RECODED_ROWS = `path LIKE $2 || '%' ESCAPE '\\' AND (code = $4 OR code LIKE $5 || '/%' ESCAPE '\\')`;
const RECODED_CODE = '$1::text || substring(code from $3::int)';

function recodeParameters(unit: OrgUnit, newCode: string): unknown[] {
  return [newCode, escapeLike(unit.path), unit.code.length + 1, unit.code, escapeLike(unit.code)];
}
