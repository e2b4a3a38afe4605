import { Injectable } from '@nestjs/common';
import { AppError, AuditService, type Principal } from '#core';
import { AccessScopeService } from '#identity';
import type { BankResponseDto, CategoryTreeDto, CreateBankDto } from '../dto/bank.dto.js';
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

  async list(principal: Principal): Promise<BankResponseDto[]> {
    const scope = await this.access.scopeOf(principal);
    const rows = await this.banks.listInScope(scope.kind === 'all' ? null : scope.pathPrefix);
    return rows.map(toBankResponse);
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
