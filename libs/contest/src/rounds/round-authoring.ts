import { Injectable } from '@nestjs/common';
import { AppError, JobQueue, type Principal } from '#core';
import { QuestionBankReader } from '#question-bank';
import { reviewRank } from '#quiz-engine';
import { ContestRepository } from '../contest.repository.js';
import type { CreateContestDto, CreateRoundDto } from '../dto/contest.dto.js';
import { DEFAULT_RANKING, fullOrder } from '../ranking.js';
import { AttemptPolicies } from './attempt-policies.js';
import { RoundAccess } from './round-access.js';
import { RoundCache } from './round-cache.js';
import { scheduleRoundClose } from './round-close-job.js';

/**
 * Creating contests and rounds and editing a round's audience: a round closes after it opens, review after close
 * shows no less than after submit, every blueprint line can be drawn from the bank, the audience lies in the
 * organizer's subtree.
 */
@Injectable()
export class RoundAuthoring {
  constructor(
    private readonly repo: ContestRepository,
    private readonly access: RoundAccess,
    private readonly policies: AttemptPolicies,
    private readonly cache: RoundCache,
    private readonly bank: QuestionBankReader,
    private readonly jobs: JobQueue,
  ) {}

  async createContest(principal: Principal, dto: CreateContestDto): Promise<{ id: string }> {
    const id = await this.repo.insertContest({
      title: dto.title.normalize('NFC').trim(),
      description: dto.description?.normalize('NFC') ?? null,
      unitId: principal.unitId,
      createdBy: principal.userId,
    });
    return { id };
  }

  async createRound(principal: Principal, contestId: string, dto: CreateRoundDto): Promise<{ id: string }> {
    await this.access.manageableContest(principal, contestId);
    const opensAt = new Date(dto.opensAt);
    const closesAt = new Date(dto.closesAt);
    if (!(closesAt > opensAt))
      throw new AppError('VALIDATION_FAILED', [{ field: 'closesAt', message: 'closesAt phải sau opensAt.' }]);
    // What a participant was shown after submitting cannot be taken back at close.
    if (dto.review && reviewRank(dto.review.afterClose) < reviewRank(dto.review.afterSubmit))
      throw new AppError('VALIDATION_FAILED', [
        { field: 'review.afterClose', message: 'review.afterClose không được ít hơn review.afterSubmit.' },
      ]);
    // Overlapping lines share questions: the draw never repeats one, so the union must still be large enough.
    // Every slot that cannot be filled is named (field blueprint.i.count), so the editor shows each next to its slot.
    const short: { field: string; message: string }[] = [];
    for (const [i, line] of dto.blueprint.entries()) {
      const available = await this.bank.countPublished({
        bankId: dto.bankId,
        category: line.category,
        ...(line.difficulty ? { difficulty: line.difficulty } : {}),
      });
      if (available < line.count)
        short.push({
          field: `blueprint.${i}.count`,
          message: `Chỉ có ${available} câu hỏi đã duyệt phù hợp, cần ${line.count}.`,
        });
    }
    if (short.length) throw new AppError('BLUEPRINT_UNSATISFIABLE', short);
    const audienceUnitIds = await this.access.checkedAudience(principal, dto.audience?.unitIds ?? []);
    return this.repo.transaction(async (m) => {
      const id = await this.repo.insertRound(
        {
          contestId,
          audienceUnitIds,
          title: dto.title.normalize('NFC').trim(),
          bankId: dto.bankId,
          opensAt,
          closesAt,
          durationSeconds: dto.durationSeconds,
          maxAttempts: dto.maxAttempts,
          countedAttempt: dto.countedAttempt,
          blueprint: dto.blueprint.map((b) => ({
            category: b.category.normalize('NFC'),
            count: b.count,
            ...(b.difficulty ? { difficulty: b.difficulty } : {}),
          })),
          pointsPerQuestion: dto.pointsPerQuestion,
          predictionQuestion: dto.prediction?.question.normalize('NFC') ?? null,
          predictionTarget: dto.prediction?.target ?? null,
          ranking: fullOrder(dto.ranking ?? DEFAULT_RANKING),
          review: dto.review ?? { afterSubmit: 'score', afterClose: 'answers' },
          statsPopulations: dto.statsPopulations ?? ['members', 'youth', 'teens'],
          createdBy: principal.userId,
        },
        m,
      );
      // The periodic close pass covers a job that is lost anyway.
      await scheduleRoundClose(this.jobs, id, closesAt, m);
      this.policies.forgetRoundsOfContest(contestId);
      return { id };
    });
  }

  /** Opens a round to the whole city (no units) or to the subtrees of the given units. */
  async setRoundAudience(principal: Principal, roundId: string, unitIds: string[]): Promise<void> {
    await this.access.manageableRound(principal, roundId);
    await this.repo.setRoundAudience(roundId, await this.access.checkedAudience(principal, unitIds));
    // This instance at once; the others within the round cache's lifetime.
    this.cache.forgetRound(roundId);
  }
}
