import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { QuestionInput, QuestionStatus } from '#contracts';
import { AppError, AuditService, hasRole, type Principal } from '#core';
import { BankAccess } from '../bank/bank-access.js';
import type { QuestionInputDto, ReviewStepDto, UpdateQuestionDto } from '../dto/question-input.dto.js';
import type {
  ListQuestionsQueryDto,
  QuestionDetailDto,
  QuestionPageDto,
  QuestionVersionDto,
} from '../dto/question-response.dto.js';
import type { ReviewAction } from '../entities/question-review-event.entity.js';
import {
  QUESTION_EDITED_EVENT,
  QUESTION_PUBLISHED_EVENT,
  type QuestionEditedEvent,
  type QuestionPublishedEvent,
} from '../question-bank.events.js';
import { categoryAncestors, normalizeCategoryPath, searchNormalize } from './question-content.js';
import { newQuestionRow, prepareQuestion, withFileIds, type PreparedQuestion } from './prepare-question.js';
import { toContentDto, toQuestionSummary, toReviewEventDto, toVersionDto } from './question-response.js';
import { nextStatus, type ReviewStep } from './question-status.js';
import { QuestionRepository } from './question.repository.js';

/** Inline-safe image types; anything else is served as a download so it can never run in the app's origin. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

@Injectable()
export class QuestionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly questions: QuestionRepository,
    private readonly access: BankAccess,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  async list(principal: Principal, bankId: string, query: ListQuestionsQueryDto): Promise<QuestionPageDto> {
    await this.access.bank(principal, bankId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const words = query.q ? searchNormalize(query.q).split(' ').filter(Boolean) : [];
    const { rows, total } = await this.questions.list({
      bankId,
      category: normalizeCategoryPath(query.category) || undefined,
      status: query.status,
      type: query.type,
      difficulty: query.difficulty,
      tag: query.tag ? query.tag.normalize('NFC').trim().toLowerCase() : undefined,
      words,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { items: rows.map(toQuestionSummary), total, page, pageSize };
  }

  async create(principal: Principal, bankId: string, dto: QuestionInputDto): Promise<QuestionDetailDto> {
    await this.access.writableBank(principal, bankId);
    const prepared = prepareOrThrow(dto as QuestionInput);
    const [id] = await this.dataSource.transaction(async (manager) => {
      const ids = await this.insertPrepared(bankId, principal.userId, [prepared], 'draft', 'create', null, manager);
      await this.audit.record(principal.userId, 'question.create', ids[0]!, { bankId }, manager);
      return ids;
    });
    return this.get(principal, id!);
  }

  /**
   * Inserts prepared questions with their first versions and review events in a few batch statements (categories and
   * files created as needed). Returns the new question ids in order. Shared by create, import and the demo seed.
   */
  async insertPrepared(
    bankId: string,
    actorId: string | null,
    prepared: PreparedQuestion[],
    status: QuestionStatus,
    action: ReviewAction,
    comment: string | null,
    manager: EntityManager,
    extraCategories: string[] = [],
  ): Promise<string[]> {
    const paths = new Set<string>();
    for (const p of [...prepared.map((q) => q.categoryPath), ...extraCategories]) {
      for (const a of categoryAncestors(p)) paths.add(a);
    }
    const categoryIds = await this.questions.ensureCategories(bankId, [...paths], manager);
    const fileIds = await this.questions.ensureFiles(
      bankId,
      prepared.flatMap((q) => q.files),
      manager,
    );
    const rows = prepared.map((q) => newQuestionRow(q, categoryIds, fileIds, status));
    await this.questions.insertQuestions(bankId, actorId, rows, manager);
    await this.questions.insertReviewEvents(
      actorId,
      rows.map((r) => ({ questionId: r.id, version: 1, action, fromStatus: 'draft', toStatus: status, comment })),
      manager,
    );
    return rows.map((r) => r.id);
  }

  async get(principal: Principal, id: string): Promise<QuestionDetailDto> {
    const q = await this.access.question(principal, id);
    const [version, history] = await Promise.all([
      this.questions.findVersion(id, q.currentVersion),
      this.questions.listReviewEvents(id),
    ]);
    return { ...toQuestionSummary(q), content: toContentDto(version!.content), history: history.map(toReviewEventDto) };
  }

  /**
   * An edit makes a new version and puts the question back to draft. A published version stays the drawable one until
   * the new version is approved. The edit names the version it was based on: a stale base is a VERSION_CONFLICT.
   */
  async update(principal: Principal, id: string, dto: UpdateQuestionDto): Promise<QuestionDetailDto> {
    const { baseVersion, ...input } = dto;
    const result = await this.dataSource.transaction(async (manager) => {
      const q = await this.access.question(principal, id, manager, true);
      if (q.currentVersion !== baseVersion) {
        throw new AppError('VERSION_CONFLICT', { currentVersion: q.currentVersion, baseVersion });
      }
      const to = nextStatus('edit', q.status);
      if (!to) throw new AppError('QUESTION_STATUS_INVALID');
      const previous = await this.questions.findVersion(id, q.currentVersion);
      const prepared = prepareOrThrow(input as QuestionInput, previous?.content);
      const paths = categoryAncestors(prepared.categoryPath);
      const categoryIds = await this.questions.ensureCategories(q.bankId, paths, manager);
      const fileIds = await this.questions.ensureFiles(q.bankId, prepared.files, manager);
      const row = newQuestionRow(prepared, categoryIds, fileIds, to);
      const version = q.currentVersion + 1;
      await this.questions.insertVersions(
        q.bankId,
        principal.userId,
        [{ id: row.versionId, questionId: id, version, content: withFileIds(prepared.content, fileIds) }],
        manager,
      );
      await this.questions.applyNewVersion({ ...row, id, version }, manager);
      await this.questions.insertReviewEvents(
        principal.userId,
        [{ questionId: id, version, action: 'edit', fromStatus: q.status, toStatus: to, comment: null }],
        manager,
      );
      await this.audit.record(principal.userId, 'question.edit', id, { version }, manager);
      return { bankId: q.bankId, version };
    });
    this.events.emit(QUESTION_EDITED_EVENT, {
      bankId: result.bankId,
      questionId: id,
      version: result.version,
    } satisfies QuestionEditedEvent);
    return this.get(principal, id);
  }

  async listVersions(principal: Principal, id: string): Promise<QuestionVersionDto[]> {
    const q = await this.access.question(principal, id);
    return (await this.questions.listVersions(id)).map((v) => toVersionDto(v, q.publishedVersionId));
  }

  async getVersion(principal: Principal, id: string, version: number): Promise<QuestionVersionDto> {
    const q = await this.access.question(principal, id);
    const v = await this.questions.findVersion(id, version);
    if (!v) throw new AppError('QUESTION_NOT_FOUND');
    return toVersionDto(v, q.publishedVersionId);
  }

  submit(principal: Principal, id: string, dto: ReviewStepDto): Promise<QuestionDetailDto> {
    return this.review(principal, id, 'submit', dto.version, dto.comment ?? null);
  }

  approve(principal: Principal, id: string, dto: ReviewStepDto): Promise<QuestionDetailDto> {
    return this.review(principal, id, 'approve', dto.version, dto.comment ?? null);
  }

  sendBack(principal: Principal, id: string, comment: string, version?: number): Promise<QuestionDetailDto> {
    if (!comment.trim()) {
      throw new AppError('VALIDATION_FAILED', [{ field: 'comment', message: 'Cần ghi lý do trả lại.' }]);
    }
    return this.review(principal, id, 'send_back', version, comment.trim());
  }

  private async review(
    principal: Principal,
    id: string,
    step: Exclude<ReviewStep, 'edit'>,
    version: number | undefined,
    comment: string | null,
  ): Promise<QuestionDetailDto> {
    const q = await this.dataSource.transaction(async (manager) => {
      const q = await this.access.question(principal, id, manager, true);
      if (version !== undefined && version !== q.currentVersion) {
        throw new AppError('VERSION_CONFLICT', { currentVersion: q.currentVersion, baseVersion: version });
      }
      const to = nextStatus(step, q.status);
      if (!to) throw new AppError('QUESTION_STATUS_INVALID', { from: q.status, step });
      if (step === 'approve') await this.assertNotOwnVersion(principal, id, q.currentVersion);
      await this.questions.setStatus(id, to, step === 'approve', manager);
      await this.questions.insertReviewEvents(
        principal.userId,
        [{ questionId: id, version: q.currentVersion, action: step, fromStatus: q.status, toStatus: to, comment }],
        manager,
      );
      await this.audit.record(principal.userId, `question.${step}`, id, { version: q.currentVersion }, manager);
      return q;
    });
    if (step === 'approve') {
      this.events.emit(QUESTION_PUBLISHED_EVENT, {
        bankId: q.bankId,
        questionIds: [id],
      } satisfies QuestionPublishedEvent);
    }
    return this.get(principal, id);
  }

  /**
   * Review needs a second pair of eyes: whoever wrote a version (created, edited or imported it) may not approve it,
   * whatever their roles. Publishing on import stays a reviewer's explicit, audited choice and is not a review step.
   */
  private async assertNotOwnVersion(principal: Principal, id: string, version: number): Promise<void> {
    const current = await this.questions.findVersion(id, version);
    if (current?.authorId && current.authorId === principal.userId) {
      throw new AppError(
        'FORBIDDEN',
        { version },
        {
          vi: `Bạn không thể tự duyệt phiên bản ${version} do chính mình soạn; hãy nhờ một người duyệt khác.`,
          en: `You cannot approve version ${version}, which you wrote yourself; ask another reviewer.`,
        },
      );
    }
  }

  /** An embedded file, if the caller may see its bank; served inline only when it is a plain image type. */
  async file(principal: Principal, fileId: string): Promise<{ data: Buffer; mimeType: string; inline: boolean }> {
    const file = await this.questions.findFile(fileId);
    if (!file) throw new AppError('NOT_FOUND');
    await this.access.bank(principal, file.bankId);
    const inline = INLINE_TYPES.has(file.mimeType);
    return { data: file.data, mimeType: inline ? file.mimeType : 'application/octet-stream', inline };
  }
}

export function prepareOrThrow(
  input: QuestionInput,
  previous?: Parameters<typeof prepareQuestion>[1],
): PreparedQuestion {
  const result = prepareQuestion(input, previous);
  if (!result.ok) throw new AppError('QUESTION_INVALID', result.errors);
  return result.question;
}

export const canPublish = (principal: Principal) => hasRole(principal, 'admin', 'reviewer');
