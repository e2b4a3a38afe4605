import { Injectable } from '@nestjs/common';
import { AppError, AuditService, type Principal } from '#core';
import { AccessScopeService } from '#identity';
import type { BankResponseDto, CategoryTreeDto, CreateBankDto, UpdateBankDto } from '../dto/bank.dto.js';
import { buildCategoryTree } from '../questions/category-tree.js';
import { toBankResponse } from '../questions/question-response.js';
import { QuestionRepository } from '../questions/question.repository.js';
import { BankAccess } from './bank-access.js';
import { BankRepository } from './bank.repository.js';

@Injectable()
export class BankService {
  constructor(
    private readonly banks: BankRepository,
    private readonly questions: QuestionRepository,
    private readonly access: BankAccess,
    private readonly scopes: AccessScopeService,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, dto: CreateBankDto): Promise<BankResponseDto> {
    const unitId = dto.unitId ?? principal.unitId;
    if (!unitId) {
      throw new AppError('VALIDATION_FAILED', [{ field: 'unitId', message: 'Cần chọn đơn vị sở hữu ngân hàng.' }]);
    }
    await this.scopes.assertUnitInScope(principal, unitId);
    const id = await this.banks.create({
      name: dto.name.normalize('NFC').trim(),
      description: dto.description?.normalize('NFC').trim() || null,
      ownerUnitId: unitId,
      createdBy: principal.userId,
    });
    await this.audit.record(principal.userId, 'question-bank.create', id, { unitId });
    return toBankResponse((await this.banks.findById(id))!);
  }

  async list(principal: Principal, archived = false): Promise<BankResponseDto[]> {
    const scope = await this.access.scopeOf(principal);
    const rows = await this.banks.listInScope(scope.kind === 'all' ? null : scope.pathPrefix, archived);
    return rows.map(toBankResponse);
  }

  /**
   * Rename, describe, archive or restore. Organizers of the bank's owner unit subtree (the ones who may create it
   * there); an archived bank keeps its questions and whatever rounds already drew from it.
   */
  async update(principal: Principal, bankId: string, dto: UpdateBankDto): Promise<BankResponseDto> {
    const bank = await this.access.bank(principal, bankId);
    await this.scopes.assertUnitInScope(principal, bank.ownerUnitId);
    const name = dto.name?.normalize('NFC').trim();
    if (name === '') {
      throw new AppError('VALIDATION_FAILED', [{ field: 'name', message: 'Tên ngân hàng dài từ 1 đến 200 ký tự.' }]);
    }
    const archivedAt = dto.archived === undefined ? undefined : dto.archived ? (bank.archivedAt ?? new Date()) : null;
    await this.banks.update(bankId, {
      name,
      description: dto.description === undefined ? undefined : dto.description?.normalize('NFC').trim() || null,
      archivedAt,
    });
    await this.audit.record(principal.userId, 'question-bank.update', bankId, {
      ...(name !== undefined && name !== bank.name ? { name: { from: bank.name, to: name } } : {}),
      ...(dto.archived !== undefined ? { archived: dto.archived } : {}),
    });
    return toBankResponse((await this.banks.findById(bankId))!);
  }

  async get(principal: Principal, bankId: string): Promise<BankResponseDto> {
    return toBankResponse(await this.access.bank(principal, bankId));
  }

  async categories(principal: Principal, bankId: string): Promise<CategoryTreeDto> {
    await this.access.bank(principal, bankId);
    const { paths, counts } = await this.questions.categoryCounts(bankId);
    return buildCategoryTree(paths, counts);
  }
}
