import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, type Principal } from '#core';
import { AccessScopeService, type Scope } from '#identity';
import { QuestionRepository, type QuestionRow } from '../questions/question.repository.js';
import { BankRepository, type BankRow } from './bank.repository.js';

const inScope = (scope: Scope, ownerPath: string) => scope.kind === 'all' || ownerPath.startsWith(scope.pathPrefix);

/**
 * Scope first on every read: a bank (and its questions) is visible to callers whose unit subtree holds the bank's
 * owner unit; an administrator sees all.
 */
@Injectable()
export class BankAccess {
  constructor(
    private readonly scopes: AccessScopeService,
    private readonly banks: BankRepository,
    private readonly questions: QuestionRepository,
  ) {}

  scopeOf(principal: Principal): Promise<Scope> {
    return this.scopes.scopeOf(principal);
  }

  async bank(principal: Principal, bankId: string): Promise<BankRow> {
    const scope = await this.scopes.scopeOf(principal);
    const bank = await this.banks.findById(bankId);
    if (!bank) throw new AppError('BANK_NOT_FOUND');
    if (!inScope(scope, bank.ownerPath)) throw new AppError('OUT_OF_SCOPE');
    return bank;
  }

  /** The bank, for adding questions to it: refused (BANK_ARCHIVED) while it is archived. */
  async writableBank(principal: Principal, bankId: string): Promise<BankRow> {
    const bank = await this.bank(principal, bankId);
    if (bank.archivedAt) throw new AppError('BANK_ARCHIVED');
    return bank;
  }

  /** The question, checked against the caller's scope; with a manager and lock, its row is locked for the change. */
  async question(principal: Principal, id: string, manager?: EntityManager, lock = false): Promise<QuestionRow> {
    const scope = await this.scopes.scopeOf(principal);
    const question = await this.questions.findById(id, manager, lock);
    if (!question) throw new AppError('QUESTION_NOT_FOUND');
    if (!inScope(scope, question.ownerPath)) throw new AppError('OUT_OF_SCOPE');
    return question;
  }
}
