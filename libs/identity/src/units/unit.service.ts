import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, AuditService, type Principal, uniqueViolation } from '#core';
import { AccessScopeService } from '../access-scope.service.js';
import type {
  CodeChangeDto,
  CreateUnitDto,
  MergeResultDto,
  UnitChangePreviewDto,
  UnitResponseDto,
  UnitSearchResultDto,
  UpdateUnitDto,
} from '../dto/unit.dto.js';
import type { UnitRefDto } from '../dto/auth.dto.js';
import { cleanText } from '../users/person.js';
import { DisabledAccounts } from '../auth/disabled-accounts.js';
import type { OrgUnit } from '../entities/org-unit.entity.js';
import { UserRepository } from '../users/user.repository.js';
import { codeMovedUnder, kindRefusalUnder, placementRefusal, type PlacementRefusal } from './unit-placement.js';
import { toUnitResponse } from './unit-response.js';
import { UnitRepository } from './unit.repository.js';

export const UNIT_MERGED_EVENT = 'unit.merged';
export interface UnitMergedEvent {
  sourceUnitId: string;
  targetUnitId: string;
}

@Injectable()
export class UnitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: UnitRepository,
    private readonly users: UserRepository,
    private readonly scope: AccessScopeService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly accounts: DisabledAccounts,
  ) {}

  async listChildren(parentId: string | undefined): Promise<UnitResponseDto[]> {
    if (parentId && !(await this.units.findById(parentId))) throw new AppError('UNIT_NOT_FOUND');
    return (await this.units.findActiveChildren(parentId ?? null)).map(toUnitResponse);
  }

  /** Units of the caller's subtree found by name or code, diacritics ignored, each with its trail of ancestors. */
  async search(principal: Principal, query: string, limit: number): Promise<UnitSearchResultDto[]> {
    const scope = await this.scope.scopeOf(principal);
    const found = await this.units.searchActive(
      scope.kind === 'all' ? null : scope.pathPrefix,
      query.normalize('NFC'),
      limit,
    );
    const ancestorIds = (unit: OrgUnit) => unit.path.split('/').filter(Boolean).slice(0, -1);
    const names = await this.units.namesOf([...new Set(found.flatMap(ancestorIds))]);
    return found.map((unit) => ({
      ...toUnitResponse(unit),
      trail: ancestorIds(unit).map((id) => names.get(id) ?? ''),
    }));
  }

  async get(id: string): Promise<UnitResponseDto> {
    const unit = await this.units.findById(id);
    if (!unit) throw new AppError('UNIT_NOT_FOUND');
    return toUnitResponse(unit);
  }

  async create(principal: Principal, dto: CreateUnitDto): Promise<UnitResponseDto> {
    try {
      const unit = await this.dataSource.transaction(async (manager) => {
        await this.units.lockTree(manager);
        // Checked after the lock, so a parent moved or merged meanwhile is seen as it is now.
        await this.scope.assertUnitInScope(principal, dto.parentId, manager);
        const parent = await this.units.findById(dto.parentId, manager);
        if (!parent) throw new AppError('UNIT_NOT_FOUND');
        if (parent.status !== 'active') throw new AppError('UNIT_INACTIVE');
        refuse(placementRefusal(parent, dto.code, dto.kind));
        const created = await this.units.create(
          parent,
          {
            code: dto.code,
            name: cleanText(dto.name),
            fullName: dto.fullName ? cleanText(dto.fullName) : null,
            kind: dto.kind,
            counts: dto.counts,
          },
          manager,
        );
        await this.audit.record(principal.userId, 'unit.create', created.id, { code: created.code }, manager);
        return created;
      });
      return toUnitResponse(unit);
    } catch (error) {
      if (uniqueViolation(error) !== null) throw new AppError('UNIT_CODE_TAKEN');
      throw error;
    }
  }

  async update(principal: Principal, id: string, dto: UpdateUnitDto): Promise<UnitResponseDto> {
    await this.scope.assertUnitInScope(principal, id);
    await this.dataSource.transaction(async (manager) => {
      await this.units.lock([id], manager);
      const current = await this.units.findById(id, manager);
      if (!current) throw new AppError('UNIT_NOT_FOUND');
      if (current.status !== 'active') throw new AppError('UNIT_INACTIVE');
      if (dto.name !== undefined || dto.fullName !== undefined) {
        await this.units.rename(
          id,
          cleanText(dto.name ?? current.name),
          dto.fullName === undefined ? undefined : cleanText(dto.fullName),
          manager,
        );
      }
      if (dto.counts) await this.units.setCounts(id, dto.counts, manager);
      await this.audit.record(principal.userId, 'unit.update', id, { ...dto }, manager);
    });
    return this.get(id);
  }

  async move(principal: Principal, id: string, newParentId: string): Promise<UnitResponseDto> {
    await this.dataSource
      .transaction((manager) => this.applyMove(principal, id, newParentId, manager))
      .catch(codeTaken);
    return this.get(id);
  }

  /** The move's checks and writes, in the caller's transaction (a move, or its preview rolled back). */
  private async applyMove(
    principal: Principal,
    id: string,
    newParentId: string,
    manager: EntityManager,
  ): Promise<{ unit: OrgUnit; parent: OrgUnit }> {
    await this.units.lockTree(manager);
    const scope = await this.scope.assertUnitInScope(principal, id, manager);
    await this.scope.assertUnitInScope(principal, newParentId, manager);
    if (scope.kind === 'subtree' && scope.unitId === id) throw new AppError('OUT_OF_SCOPE');
    const unit = await this.units.findById(id, manager);
    const parent = await this.units.findById(newParentId, manager);
    if (!unit || !parent) throw new AppError('UNIT_NOT_FOUND');
    if (unit.status !== 'active' || parent.status !== 'active') throw new AppError('UNIT_INACTIVE');
    if (parent.path.startsWith(unit.path)) throw new AppError('UNIT_MOVE_CYCLE');
    if (unit.parentId === parent.id) return { unit, parent };
    refuse(kindRefusalUnder(parent, unit.kind));
    await this.placeUnder(unit, parent, manager);
    await this.audit.record(principal.userId, 'unit.move', id, { from: unit.parentId, to: parent.id }, manager);
    return { unit, parent };
  }

  /**
   * What moving `id` under `newParentId` would change: people and units carried, member counts, codes renamed. The
   * move itself runs (same checks, same refusals: a taken code answers 409 as the move would) and is rolled back.
   */
  async previewMove(principal: Principal, id: string, newParentId: string): Promise<UnitChangePreviewDto> {
    return this.rolledBack(async (manager) => {
      const before = await this.units.findById(id, manager);
      if (!before) throw new AppError('UNIT_NOT_FOUND');
      const codes = await this.units.codesInSubtree(before.path, manager);
      const people = await this.users.countInSubtree(before.path, manager);
      const counts = await this.units.subtreeCounts(before.path, manager);
      const children = await this.units.activeChildrenOf(before.id, manager);
      const currentParent = before.parentId ? await this.units.findById(before.parentId, manager) : null;
      const { unit, parent } = await this.applyMove(principal, id, newParentId, manager);
      const changes = diffCodes(codes, await this.units.codesOf([...codes.keys()], manager));
      return {
        action: 'move',
        unit: ref(unit),
        target: ref(parent),
        currentParent: currentParent ? ref(currentParent) : null,
        peopleReassigned: 0,
        peopleCarried: people,
        childUnits: children.length,
        descendantUnits: codes.size - 1,
        countsMoved: counts,
        targetCountsAfter: null,
        codeChangeCount: changes.length,
        codeChanges: changes.slice(0, PREVIEW_CODE_CHANGES),
      };
    });
  }

  /**
   * Merges `sourceId` into `targetId` (the 2025 reorganization): its people, member counts and child units move to
   * the target; the source stays as a "merged" record so results and reports that name it remain true.
   */
  async merge(principal: Principal, sourceId: string, targetId: string): Promise<MergeResultDto> {
    const result = await this.dataSource.transaction((manager) =>
      this.applyMerge(principal, sourceId, targetId, manager),
    );
    // The moved people's tokens name the old unit: refused from now on, they sign in again under the new one.
    this.accounts.authzChanged(result.moved);
    this.events.emit(UNIT_MERGED_EVENT, { sourceUnitId: sourceId, targetUnitId: targetId } satisfies UnitMergedEvent);
    return result.result;
  }

  private async applyMerge(principal: Principal, sourceId: string, targetId: string, manager: EntityManager) {
    await this.units.lockTree(manager);
    const scope = await this.scope.assertUnitInScope(principal, sourceId, manager);
    await this.scope.assertUnitInScope(principal, targetId, manager);
    if (scope.kind === 'subtree' && scope.unitId === sourceId) throw new AppError('OUT_OF_SCOPE');
    if (sourceId === targetId) throw new AppError('UNIT_MERGE_INVALID');
    const source = await this.units.findById(sourceId, manager);
    const target = await this.units.findById(targetId, manager);
    if (!source || !target) throw new AppError('UNIT_NOT_FOUND');
    if (source.status !== 'active' || target.status !== 'active') throw new AppError('UNIT_INACTIVE');
    if (target.path.startsWith(source.path)) throw new AppError('UNIT_MERGE_INVALID');
    const children = await this.units.activeChildrenOf(source.id, manager);
    for (const child of children) await this.placeUnder(child, target, manager);
    const moved = await this.users.moveUsersBetweenUnits(source.id, target.id, manager);
    const movedUsers = moved.length;
    const sourceCounts = { cadres: source.cadres, members: source.members, youth: source.youth, teens: source.teens };
    const targetCounts = {
      cadres: target.cadres + source.cadres,
      members: target.members + source.members,
      youth: target.youth + source.youth,
      teens: target.teens + source.teens,
    };
    await this.units.setCounts(target.id, targetCounts, manager);
    // The counts move with the people; the source's own figures before the merge are kept in unit_merge.
    await this.units.setCounts(source.id, { cadres: 0, members: 0, youth: 0, teens: 0 }, manager);
    await this.units.markMerged(source, target.id, manager);
    await this.units.recordMerge(
      {
        sourceUnitId: source.id,
        targetUnitId: target.id,
        movedUsers,
        movedChildren: children.length,
        sourceCounts,
        mergedBy: principal.userId,
      },
      manager,
    );
    await this.audit.record(principal.userId, 'unit.merge', source.id, { into: target.id, movedUsers }, manager);
    return {
      result: { sourceUnitId: source.id, targetUnitId: target.id, movedUsers, movedChildren: children.length },
      moved,
      source,
      target,
      sourceCounts,
      targetCounts,
    };
  }

  /** What merging `sourceId` into `targetId` would change; the merge runs with its checks and is rolled back. */
  async previewMerge(principal: Principal, sourceId: string, targetId: string): Promise<UnitChangePreviewDto> {
    return this.rolledBack(async (manager) => {
      const before = await this.units.findById(sourceId, manager);
      if (!before) throw new AppError('UNIT_NOT_FOUND');
      const codes = await this.units.codesInSubtree(before.path, manager);
      codes.delete(before.id);
      const inSubtree = await this.users.countInSubtree(before.path, manager);
      const currentParent = before.parentId ? await this.units.findById(before.parentId, manager) : null;
      const merged = await this.applyMerge(principal, sourceId, targetId, manager);
      const changes = diffCodes(codes, await this.units.codesOf([...codes.keys()], manager));
      return {
        action: 'merge',
        unit: ref(merged.source),
        target: ref(merged.target),
        currentParent: currentParent ? ref(currentParent) : null,
        peopleReassigned: merged.result.movedUsers,
        peopleCarried: inSubtree - merged.result.movedUsers,
        childUnits: merged.result.movedChildren,
        descendantUnits: codes.size,
        countsMoved: merged.sourceCounts,
        targetCountsAfter: merged.targetCounts,
        codeChangeCount: changes.length,
        codeChanges: changes.slice(0, PREVIEW_CODE_CHANGES),
      };
    });
  }

  /** Runs `work` in a transaction that is always rolled back, and returns what it computed. */
  private async rolledBack<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const holder: { value?: T } = {};
    try {
      await this.dataSource.transaction(async (manager) => {
        holder.value = await work(manager);
        throw ROLLBACK;
      });
    } catch (error) {
      if (error !== ROLLBACK) codeTaken(error);
    }
    return holder.value as T;
  }

  /**
   * Moves a unit with its subtree under `parent` (a move, or a merge's children), the codes following: the unit's and
   * its descendants' live under the new parent's code (read by the old paths). A renamed code another unit already
   * has is refused by name before anything is written; the caller's transaction holds the tree lock.
   */
  private async placeUnder(unit: OrgUnit, parent: OrgUnit, manager: EntityManager): Promise<void> {
    const newCode = codeMovedUnder(parent, unit.code);
    const taken = await this.units.recodeCollision(unit, newCode, manager);
    if (taken) {
      throw new AppError('UNIT_CODE_TAKEN', [{ field: 'code', message: `Mã "${taken}" đã có.` }], {
        vi: `Đơn vị "${unit.name}" (${unit.code}) chuyển vào "${parent.name}" sẽ mang mã "${taken}", nhưng mã này đã thuộc một đơn vị khác. Hãy đổi mã một trong hai đơn vị trước.`,
        en: `Moving "${unit.name}" (${unit.code}) under "${parent.name}" would give it the code "${taken}", which another unit already has. Change one of the two codes first.`,
      });
    }
    await this.units.recodeSubtree(unit, newCode, manager);
    await this.units.moveSubtree(unit, parent, manager);
  }
}

/** Thrown to end a preview's transaction: everything it wrote is rolled back. */
const ROLLBACK = new Error('preview rolled back');
const PREVIEW_CODE_CHANGES = 50;

const ref = (unit: OrgUnit): UnitRefDto => ({ id: unit.id, code: unit.code, name: unit.name });

function diffCodes(before: Map<string, string>, after: Map<string, string>): CodeChangeDto[] {
  const changes: CodeChangeDto[] = [];
  for (const [id, from] of before) {
    const to = after.get(id);
    if (to !== undefined && to !== from) changes.push({ from, to });
  }
  return changes.sort((a, b) => a.from.localeCompare(b.from));
}

/** A unique violation in a tree edit is a code another unit took meanwhile. */
function codeTaken(error: unknown): never {
  if (uniqueViolation(error) !== null) throw new AppError('UNIT_CODE_TAKEN');
  throw error;
}

function refuse(refusal: PlacementRefusal | null): void {
  if (refusal) throw new AppError(refusal.code, [{ field: 'code', message: refusal.message }]);
}
