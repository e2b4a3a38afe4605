import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { QuestionSnapshot } from '#contracts';
import { AppError, AuditService, Clock, JobQueue, hasRole, type Principal } from '#core';
import { AccessScopeService, IdentityDirectory, publicName, vietnamToday } from '#identity';
import { QUESTION_PUBLISHED_EVENT, QuestionBankReader, type QuestionPublishedEvent } from '#question-bank';
import {
  AttemptLedger,
  AttemptService,
  analyseItems,
  reviewPaper,
  reviewRank,
  scoreAnswer,
  type AttemptPolicy,
  type ItemStats,
  type ReviewedQuestion,
  type ReviewLevel,
} from '#quiz-engine';
import { isRoundOpenToUnit } from './audience.js';
import { ContestRepository, type RankingRow } from './contest.repository.js';
import type { CreateContestDto, CreateRoundDto } from './dto/contest.dto.js';
import type { ContestRound } from './entities/contest-round.entity.js';
import { PRIZE_LABELS_VI, prizeForRank, lastPrizeRank, type PrizeConfig } from './prizes.js';
import { DEFAULT_RANKING, MAX_PREDICTION, explainRank, fullOrder } from './ranking.js';
import { flagAttempts, type AttemptFlag } from './suspicious.js';

export const ROUND_CLOSE_JOB = 'contest.round-close';
const POOL_TTL_MS = 60_000;
const ROUND_TTL_MS = 2_000;
/** A unit moved to another parent decides the rounds open to its people by its new place within this time. */
const UNIT_PATH_TTL_MS = 60_000;
const CLOSE_SWEEP_MS = 10_000;
/** How often every instance tops up the pools of papers drawn ahead of time, and how early before a round opens. */
const PREDRAW_EVERY_MS = 10_000;
const PREDRAW_BEFORE_OPEN_MS = 15 * 60_000;
/** Most papers drawn ahead for one round (≈ 8 KB each): beyond it, starts draw their own. */
const MAX_PAPERS_AHEAD = 20_000;

export interface AttemptReview {
  attemptId: string;
  roundId: string;
  attemptNo: number;
  level: ReviewLevel;
  roundClosed: boolean;
  moreAfterClose?: ReviewLevel;
  submittedAt: string;
  finishedBy: string;
  score?: number;
  maxScore?: number;
  correctCount?: number;
  durationMs?: number;
  prediction?: number | null;
  questions?: ReviewedQuestion[];
}

export interface LeaderboardRow {
  rank: number;
  userId: string;
  displayName: string;
  unitId: string | null;
  score: number;
  prediction: number | null;
  durationMs: number;
  submittedAt: string;
}

@Injectable()
export class RoundService implements OnModuleInit, OnApplicationShutdown {
  /** Each round's published pools, per blueprint line: starts never query the bank during an opening spike. */
  private readonly pools = new Map<string, { at: number; bankId: string; pools: Promise<QuestionSnapshot[][]> }>();
  private readonly rounds = new Map<string, { at: number; round: Promise<ContestRound | null> }>();
  private readonly contestRounds = new Map<string, string[]>();
  private readonly unitPaths = new Map<string, { at: number; path: Promise<string | null> }>();
  private closeTimer: NodeJS.Timeout | null = null;
  private predrawTimer: NodeJS.Timeout | null = null;
  private predrawing = false;

  constructor(
    private readonly repo: ContestRepository,
    private readonly attempts: AttemptService,
    private readonly ledger: AttemptLedger,
    private readonly bank: QuestionBankReader,
    private readonly scope: AccessScopeService,
    private readonly identity: IdentityDirectory,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work<{ roundId: string }>(ROUND_CLOSE_JOB, async ({ roundId }) => {
      await this.closeRound(roundId, null);
    });
    // A safety net for a lost job (or a round whose close time was reached while every instance was down).
    this.closeTimer = setInterval(() => void this.closeDueRounds(), CLOSE_SWEEP_MS);
    this.closeTimer.unref();
    this.predrawTimer = setInterval(() => void this.prepareDueRounds(), PREDRAW_EVERY_MS);
    this.predrawTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.closeTimer) clearInterval(this.closeTimer);
    if (this.predrawTimer) clearInterval(this.predrawTimer);
  }

  /** Draws papers ahead of time for the rounds open or about to open, so their opening rush draws none. */
  async prepareDueRounds(): Promise<void> {
    if (this.predrawing) return;
    this.predrawing = true;
    try {
      for (const id of await this.repo.roundsToPrepare(PREDRAW_BEFORE_OPEN_MS)) await this.preparePapers(id);
    } catch {
      // The database may be restarting, or a blueprint no longer satisfiable: starts then draw their own papers.
    } finally {
      this.predrawing = false;
    }
  }

  /**
   * Tops up the round's pool of papers drawn ahead of time to one per person still expected to start (the people of
   * its contest's units who have not), up to a bound. Returns how many papers the pool holds.
   */
  async preparePapers(roundId: string): Promise<number> {
    const round = await this.repo.findRound(roundId);
    if (!round || round.status !== 'open') return 0;
    const contest = await this.repo.findContest(round.contestId);
    const wanted = Math.min(MAX_PAPERS_AHEAD, await this.repo.startsToCome(roundId, contest?.unitId ?? null));
    return this.attempts.topUpPapers(await this.attemptPolicy(round), wanted);
  }

  /** A bank published new versions: rounds drawing from it reload their pools (and papers of the old ones are not
   * handed out any more, see AttemptService.topUpPapers). */
  @OnEvent(QUESTION_PUBLISHED_EVENT)
  forgetPoolsOfBank(event: QuestionPublishedEvent): void {
    for (const [roundId, hit] of this.pools) if (hit.bankId === event.bankId) this.pools.delete(roundId);
  }

  async closeDueRounds(): Promise<void> {
    try {
      for (const id of await this.repo.roundsDueToClose()) await this.closeRound(id, null);
    } catch {
      // The database may be restarting; the next pass retries.
    }
  }

  async createContest(principal: Principal, dto: CreateContestDto): Promise<{ id: string }> {
    const id = await this.repo.insertContest({
      title: dto.title.normalize('NFC').trim(),
      description: dto.description?.normalize('NFC') ?? null,
      unitId: principal.unitId,
      createdBy: principal.userId,
    });
    return { id };
  }

  private async manageableContest(principal: Principal, contestId: string) {
    const contest = await this.repo.findContest(contestId);
    if (!contest) throw new AppError('CONTEST_NOT_FOUND');
    if (!hasRole(principal, 'admin') && contest.unitId) await this.scope.assertUnitInScope(principal, contest.unitId);
    return contest;
  }

  private async manageableRound(principal: Principal, roundId: string): Promise<ContestRound> {
    const round = await this.repo.findRound(roundId);
    if (!round) throw new AppError('ROUND_NOT_FOUND');
    await this.manageableContest(principal, round.contestId);
    return round;
  }

  async createRound(principal: Principal, contestId: string, dto: CreateRoundDto): Promise<{ id: string }> {
    await this.manageableContest(principal, contestId);
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
    for (const [i, line] of dto.blueprint.entries()) {
      const available = await this.bank.countPublished({
        bankId: dto.bankId,
        category: line.category,
        ...(line.difficulty ? { difficulty: line.difficulty } : {}),
      });
      if (available < line.count) throw new AppError('BLUEPRINT_UNSATISFIABLE', { entry: i, available });
    }
    const audienceUnitIds = await this.checkedAudience(principal, dto.audience?.unitIds ?? []);
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
      // The close job commits with the round; the periodic pass covers a job that is lost anyway.
      await this.jobs.send(ROUND_CLOSE_JOB, { roundId: id }, { startAfter: closesAt, singletonKey: id }, m);
      this.contestRounds.delete(contestId);
      return { id };
    });
  }

  /** Audience units must exist and lie in the organizer's own part of the tree. */
  private async checkedAudience(principal: Principal, unitIds: string[]): Promise<string[]> {
    for (const unitId of unitIds) await this.scope.assertUnitInScope(principal, unitId);
    return unitIds;
  }

  /** Opens a round to the whole city (no units) or to the subtrees of the given units. */
  async setRoundAudience(principal: Principal, roundId: string, unitIds: string[]): Promise<void> {
    await this.manageableRound(principal, roundId);
    await this.repo.setRoundAudience(roundId, await this.checkedAudience(principal, unitIds));
    // This instance at once; the others within the round cache's lifetime.
    this.rounds.delete(roundId);
  }

  private cachedUnitPath(unitId: string): Promise<string | null> {
    const hit = this.unitPaths.get(unitId);
    if (hit && this.clock.nowMs() - hit.at < UNIT_PATH_TTL_MS) return hit.path;
    const path = this.repo.unitPath(unitId);
    this.unitPaths.set(unitId, { at: this.clock.nowMs(), path });
    path.catch(() => this.unitPaths.delete(unitId));
    return path;
  }

  /**
   * Demo data: the city's contest with an open weekly round on the demo bank (a prediction question included), so a
   * newcomer can take an attempt at once. Does nothing without a bank or when the contest exists.
   */
  async seedDemoContest(bankId: string | null): Promise<{ contestId: string; roundId: string } | null> {
    if (!bankId) return null;
    const title = 'Cuộc thi tìm hiểu pháp luật và lịch sử Hải Phòng 2026';
    if (await this.repo.findContestByTitle(title)) return null;
    const blueprint: { category: string; count: number }[] = [];
    for (const category of ['Pháp luật', 'Lịch sử']) {
      const available = await this.bank.countPublished({ bankId, category });
      if (available > 0) blueprint.push({ category, count: Math.min(5, available) });
    }
    if (!blueprint.length) return null;
    const contestId = await this.repo.insertContest({
      title,
      description: 'Cuộc thi trực tuyến hằng tuần dành cho đoàn viên, thanh thiếu nhi thành phố (dữ liệu demo).',
      unitId: null,
      createdBy: null,
    });
    const now = this.clock.nowMs();
    const closesAt = new Date(now + 7 * 86_400_000);
    const roundId = await this.repo.transaction(async (m) => {
      const id = await this.repo.insertRound(
        {
          contestId,
          title: 'Tuần 1',
          bankId,
          opensAt: new Date(now - 60_000),
          closesAt,
          durationSeconds: 900,
          maxAttempts: 3,
          countedAttempt: 'best',
          blueprint,
          pointsPerQuestion: 1,
          predictionQuestion: 'Có bao nhiêu người trả lời đúng tất cả các câu hỏi của tuần thi này?',
          predictionTarget: 'perfect_scorers',
          ranking: [...DEFAULT_RANKING],
          review: { afterSubmit: 'score', afterClose: 'answers' },
          statsPopulations: ['members', 'youth', 'teens'],
          prizes: { first: 1, second: 2, third: 3, consolation: 10 },
          createdBy: null,
        },
        m,
      );
      await this.jobs.send(ROUND_CLOSE_JOB, { roundId: id }, { startAfter: closesAt, singletonKey: id }, m);
      return id;
    });
    return { contestId, roundId };
  }

  private cachedRound(roundId: string): Promise<ContestRound | null> {
    const hit = this.rounds.get(roundId);
    if (hit && this.clock.nowMs() - hit.at < ROUND_TTL_MS) return hit.round;
    const round = this.repo.findRound(roundId);
    this.rounds.set(roundId, { at: this.clock.nowMs(), round });
    round.catch(() => this.rounds.delete(roundId));
    return round;
  }

  private roundPools(round: ContestRound): Promise<QuestionSnapshot[][]> {
    const hit = this.pools.get(round.id);
    if (hit && this.clock.nowMs() - hit.at < POOL_TTL_MS) return hit.pools;
    const pools = Promise.all(
      round.blueprint.map((b) =>
        this.bank.publishedPool({
          bankId: round.bankId,
          category: b.category,
          ...(b.difficulty ? { difficulty: b.difficulty } : {}),
        }),
      ),
    );
    this.pools.set(round.id, { at: this.clock.nowMs(), bankId: round.bankId, pools });
    pools.catch(() => this.pools.delete(round.id));
    return pools;
  }

  private async roundsOfContest(contestId: string): Promise<string[]> {
    let ids = this.contestRounds.get(contestId);
    if (!ids) {
      ids = await this.repo.roundIdsOfContest(contestId);
      this.contestRounds.set(contestId, ids);
    }
    return ids;
  }

  /** What the attempt engine needs of a round: the same for a start and for papers drawn ahead of time. */
  private async attemptPolicy(round: ContestRound): Promise<AttemptPolicy> {
    return {
      contextId: round.id,
      relatedContextIds: await this.roundsOfContest(round.contestId),
      maxAttempts: round.maxAttempts,
      durationSeconds: round.durationSeconds,
      hardDeadline: round.closesAt,
      pointsPerQuestion: round.pointsPerQuestion,
      blueprint: round.blueprint,
      pools: () => this.roundPools(round),
    };
  }

  async startAttempt(principal: Principal, roundId: string, client: { ip: string | null; deviceId: string | null }) {
    const round = await this.cachedRound(roundId);
    if (!round) throw new AppError('ROUND_NOT_FOUND');
    const now = this.clock.now();
    if (round.status !== 'open' || now < round.opensAt || now >= round.closesAt) throw new AppError('ROUND_NOT_OPEN');
    // A round open to the whole city (most) costs nothing more; otherwise the unit's path comes from a cache.
    if (
      round.audienceUnitIds.length > 0 &&
      !isRoundOpenToUnit(round.audienceUnitIds, principal.unitId && (await this.cachedUnitPath(principal.unitId)))
    )
      throw new AppError('ROUND_NOT_FOR_UNIT');
    const started = await this.attempts.start(await this.attemptPolicy(round), principal.userId, client);
    const head = JSON.stringify({
      attemptId: started.attemptId,
      attemptNo: started.attemptNo,
      deadline: started.deadline.toISOString(),
      serverNow: new Date().toISOString(),
      resumed: started.resumed,
      answers: started.answers,
      ...(round.predictionQuestion ? { predictionQuestion: round.predictionQuestion } : {}),
    });
    // The response as JSON text (StartAttemptResponseDto): the paper's part is joined from cached fragments, not
    // serialized object by object at every start of an opening rush.
    return `${head.slice(0, -1)},"questions":${started.questionsJson}}`;
  }

  saveAnswer(principal: Principal, attemptId: string, questionId: string, body: Record<string, unknown>) {
    return this.attempts
      .saveAnswer(attemptId, principal.userId, questionId, body)
      .then((r) => ({ savedAt: r.savedAt.toISOString() }));
  }

  async submitAttempt(principal: Principal, attemptId: string, prediction: unknown) {
    if (
      prediction !== undefined &&
      prediction !== null &&
      !(
        typeof prediction === 'number' &&
        Number.isInteger(prediction) &&
        prediction >= 0 &&
        prediction <= MAX_PREDICTION
      )
    )
      throw new AppError('PREDICTION_INVALID', { max: MAX_PREDICTION });
    const r = await this.attempts.submit(attemptId, principal.userId, (prediction as number | undefined) ?? null);
    // The score goes back only when the round's review options show it (a round may keep scores until it closes).
    const round = await this.cachedRound(r.contextId);
    const level = round?.status === 'closed' ? round.review.afterClose : round?.review.afterSubmit;
    const shown = level !== undefined && reviewRank(level) >= reviewRank('score');
    return {
      score: shown ? r.score : null,
      maxScore: shown ? r.maxScore : null,
      correctCount: shown ? r.correctCount : null,
      durationMs: r.durationMs,
      submittedAt: r.submittedAt.toISOString(),
      prediction: r.prediction,
    };
  }

  /**
   * One's own submitted attempt, with what the round's review options allow at this moment: afterSubmit while the
   * round is open, afterClose once it is closed. Nothing (and never the key) while the attempt can still be answered.
   */
  async reviewAttempt(principal: Principal, attemptId: string): Promise<AttemptReview> {
    const attempt = await this.ledger.findAttempt(attemptId);
    if (!attempt || attempt.userId !== principal.userId) throw new AppError('ATTEMPT_NOT_FOUND');
    // Read fresh, not from the start path's cache: the level changes the moment the round closes.
    const round = await this.repo.findRound(attempt.contextId);
    if (!round) throw new AppError('ATTEMPT_NOT_FOUND');
    if (attempt.status !== 'submitted') throw new AppError('ATTEMPT_IN_PROGRESS');
    const closed = round.status === 'closed';
    const level = closed ? round.review.afterClose : round.review.afterSubmit;
    const out: AttemptReview = {
      attemptId,
      roundId: round.id,
      attemptNo: attempt.attemptNo,
      level,
      roundClosed: closed,
      submittedAt: attempt.submittedAt!.toISOString(),
      finishedBy: attempt.finishedBy ?? 'participant',
    };
    if (!closed && reviewRank(round.review.afterClose) > reviewRank(level))
      out.moreAfterClose = round.review.afterClose;
    if (reviewRank(level) >= reviewRank('score'))
      Object.assign(out, {
        score: attempt.score ?? 0,
        maxScore: attempt.maxScore,
        correctCount: attempt.correctCount ?? 0,
        durationMs: attempt.durationMs ?? 0,
        prediction: attempt.prediction,
      });
    if (level === 'answers' || level === 'solutions') {
      // The versions the paper was drawn with, through the engine's cache (not the paper cache of open attempts).
      const versions = await this.attempts.versionsById(attempt.paper.map((p) => p.versionId));
      const questions = new Map(
        attempt.paper.flatMap((p) => {
          const q = versions.get(p.versionId);
          return q ? [[p.questionId, q] as const] : [];
        }),
      );
      const answers = await this.ledger.answersOf(attemptId);
      out.questions = reviewPaper(
        level,
        attempt.paper,
        questions,
        new Map(answers.map((a) => [a.questionId, a])),
        round.pointsPerQuestion,
      );
    }
    return out;
  }

  /** Closes a round once: finishes open attempts, computes the prediction value, freezes ranking and unit statistics. */
  async closeRound(roundId: string, actor: Principal | null) {
    if (actor) await this.manageableRound(actor, roundId);
    const out = await this.repo.transaction(async (m) => {
      const round = await this.repo.lockRound(m, roundId);
      if (!round) throw new AppError('ROUND_NOT_FOUND');
      if (round.status === 'closed') return { round, autoSubmitted: 0, closedAt: round.closedAt!, already: true };
      await this.repo.allowLargeSorts(m);
      // Also discards the papers drawn ahead that nobody took: none of them may outlive the round.
      const autoSubmitted = await this.ledger.closeContext(m, roundId);
      const predictionValue = round.predictionTarget
        ? await this.repo.predictionValue(m, roundId, round.predictionTarget, round.countedAttempt)
        : null;
      const ranking = await this.repo.buildRanking(m, roundId, round.countedAttempt, round.ranking, predictionValue);
      await this.repo.freezeUnitStats(m, ranking, round.statsPopulations);
      await this.repo.attachRanking(m, ranking);
      const closedAt = await this.repo.markClosed(m, roundId, predictionValue);
      if (actor) await this.audit.record(actor.userId, 'round.close', roundId, { autoSubmitted }, m);
      return { round: { ...round, predictionValue }, autoSubmitted, closedAt, already: false };
    });
    this.rounds.delete(roundId);
    this.attempts.forgetPapers(roundId);
    return {
      roundId,
      predictionValue: out.round.predictionValue,
      participants: await this.repo.participantCount(roundId),
      autoSubmitted: out.autoSubmitted,
      closedAt: out.closedAt.toISOString(),
    };
  }

  private async closedRound(roundId: string): Promise<ContestRound> {
    const round = await this.repo.findRound(roundId);
    if (!round) throw new AppError('ROUND_NOT_FOUND');
    if (round.status !== 'closed') throw new AppError('ROUND_NOT_CLOSED');
    return round;
  }

  private row(r: RankingRow, today: string): LeaderboardRow {
    return {
      rank: r.rank,
      userId: r.userId,
      displayName: publicName(r, today),
      unitId: r.unitId,
      score: r.score,
      prediction: r.prediction,
      durationMs: r.durationMs,
      submittedAt: new Date(r.submittedAt).toISOString(),
    };
  }

  async leaderboard(roundId: string, limit = 100): Promise<LeaderboardRow[]> {
    await this.closedRound(roundId);
    const today = vietnamToday(this.clock.now());
    return (await this.repo.leaderboard(roundId, limit)).map((r) => this.row(r, today));
  }

  async myRank(principal: Principal, roundId: string) {
    const round = await this.closedRound(roundId);
    const r = await this.repo.rankingOfUser(roundId, principal.userId);
    if (!r) throw new AppError('NOT_FOUND');
    return {
      ...this.row(r, vietnamToday(this.clock.now())),
      maxScore: r.maxScore,
      predictionValue: round.predictionValue,
      predictionDistance: r.predictionDistance,
      participants: await this.repo.participantCount(roundId),
      explanation: explainRank(r),
    };
  }

  private async scopePrefix(principal: Principal): Promise<string | null> {
    const s = await this.scope.scopeOf(principal);
    return s.kind === 'all' ? null : s.pathPrefix;
  }

  async unitStats(principal: Principal, roundId: string, unitId?: string) {
    await this.closedRound(roundId);
    let prefix: string | null = null;
    if (unitId) {
      await this.scope.assertUnitInScope(principal, unitId).catch((e: unknown) => {
        // Aggregates carry no personal data: any signed-in person may read any unit's numbers.
        if (!(e instanceof AppError && e.code === 'OUT_OF_SCOPE')) throw e;
      });
      const stats = await this.repo.unitStats(roundId, null);
      const unit = stats.find((s) => s.unitId === unitId);
      if (!unit) throw new AppError('UNIT_NOT_FOUND');
      prefix = await this.unitPath(unitId);
    }
    return this.repo.unitStats(roundId, prefix);
  }

  private async unitPath(unitId: string): Promise<string | null> {
    return (await this.identity.unitById(unitId))?.path ?? null;
  }

  async setPrizes(principal: Principal, roundId: string, config: PrizeConfig) {
    await this.manageableRound(principal, roundId);
    await this.repo.setPrizes(roundId, config);
    await this.audit.record(principal.userId, 'round.prizes', roundId, { ...config });
    return this.prizes(roundId);
  }

  async prizes(roundId: string) {
    const round = await this.closedRound(roundId);
    const config = round.prizes ?? { first: 0, second: 0, third: 0, consolation: 0 };
    const last = lastPrizeRank(config);
    const today = vietnamToday(this.clock.now());
    // Ties at the last prized rank share it, so read a little past it and filter by rank.
    const rows = last ? await this.repo.leaderboard(roundId, last + 1000) : [];
    return {
      config,
      winners: rows.flatMap((r) => {
        const prize = prizeForRank(r.rank, config);
        return prize ? [{ ...this.row(r, today), prize, prizeLabel: PRIZE_LABELS_VI[prize] }] : [];
      }),
    };
  }

  async itemAnalysis(principal: Principal, roundId: string): Promise<ItemStats[]> {
    await this.manageableRound(principal, roundId);
    await this.closedRound(roundId);
    const responses = await this.repo.countedResponses(roundId);
    const versions = await this.ledger.versionsInContext(roundId);
    const snapshots = await this.attempts.versionsById([...new Set(versions.map((v) => v.versionId))]);
    const keys = new Map<string, { id: string; fraction: number }[]>();
    for (const q of snapshots.values())
      if (q.options)
        keys.set(
          q.questionId,
          q.options.map((o) => ({ id: o.id, fraction: o.fraction })),
        );
    return analyseItems(
      responses.map((r) => ({ ...r, ...(r.optionIds ? { optionIds: r.optionIds } : { optionIds: undefined }) })),
      keys,
    );
  }

  async flags(principal: Principal, roundId: string): Promise<AttemptFlag[]> {
    await this.manageableRound(principal, roundId);
    return flagAttempts(await this.repo.attemptTraces(roundId));
  }

  /**
   * After the bank publishes corrected versions: rescore every answer drawn with an older version of those
   * questions against the current published one, re-sum the scores, re-freeze the ranking, and record what changed.
   */
  async regrade(principal: Principal, roundId: string) {
    const round = await this.manageableRound(principal, roundId);
    await this.closedRound(roundId);
    const drawn = await this.ledger.versionsInContext(roundId);
    const questionIds = [...new Set(drawn.map((d) => d.questionId))];
    const current = new Map((await this.bank.getPublished(questionIds)).map((q) => [q.questionId, q]));
    const stale = drawn.filter(
      (d) => current.get(d.questionId) && current.get(d.questionId)!.versionId !== d.versionId,
    );
    const oldVersions = await this.attempts.versionsById([...new Set(stale.map((s) => s.versionId))]);
    const changedQuestions = [...new Set(stale.map((s) => s.questionId))];
    const answers = changedQuestions.length ? await this.ledger.answersToQuestions(roundId, changedQuestions) : [];
    const changes: { attemptId: string; questionId: string; fraction: number; correct: boolean }[] = [];
    for (const a of answers) {
      const now = current.get(a.questionId)!;
      if (now.versionId === a.versionId) continue;
      const value = remapOptions(a.value, oldVersions.get(a.versionId), now);
      const s = scoreAnswer(now, value);
      if (Math.abs(s.fraction - a.fraction) > 1e-12)
        changes.push({ attemptId: a.attemptId, questionId: a.questionId, fraction: s.fraction, correct: s.correct });
    }
    const result = await this.repo.transaction(async (m) => {
      await this.repo.lockRound(m, roundId);
      await this.repo.allowLargeSorts(m);
      const before = await this.repo.rankingSnapshot(m, roundId);
      const scores = await this.ledger.applyRegrade(m, changes);
      const ranking = await this.repo.buildRanking(
        m,
        roundId,
        round.countedAttempt,
        round.ranking,
        round.predictionValue,
      );
      await this.repo.freezeUnitStats(m, ranking, round.statsPopulations);
      // Read before attaching: detaching the old ranking blocks every reader of rankings until this commits.
      const after = await this.repo.rankingSnapshot(m, ranking);
      await this.repo.attachRanking(m, ranking);
      const rankChanges = [...after.entries()]
        .filter(([u, r]) => before.get(u)?.rank !== r.rank || before.get(u)?.score !== r.score)
        .map(([userId, r]) => ({ userId, from: before.get(userId) ?? null, to: r }));
      const record = {
        questions: changedQuestions.map((q) => ({
          questionId: q,
          fromVersions: [...new Set(stale.filter((s) => s.questionId === q).map((s) => s.versionId))],
          toVersion: current.get(q)!.versionId,
        })),
        answersRescored: changes.length,
        scoreChanges: scores.filter((s) => s.oldScore !== s.newScore),
        rankChanges: rankChanges.slice(0, 1000),
        rankChangeCount: rankChanges.length,
      };
      const regradeId = await this.repo.insertRegrade(m, roundId, principal.userId, record);
      await this.audit.record(
        principal.userId,
        'round.regrade',
        roundId,
        { regradeId, answersRescored: changes.length },
        m,
      );
      return { regradeId, record };
    });
    return {
      regradeId: result.regradeId,
      questionsChanged: changedQuestions.length,
      answersRescored: changes.length,
      attemptsChanged: result.record.scoreChanges.length,
      ranksChanged: result.record.rankChangeCount,
      changes: result.record,
    };
  }

  async roundForExport(principal: Principal, roundId: string) {
    const round = await this.manageableRound(principal, roundId);
    await this.closedRound(roundId);
    return { round, prefix: await this.scopePrefix(principal) };
  }

  rankingRows(roundId: string, prefix: string | null) {
    return this.repo.rankingInSubtree(roundId, prefix);
  }

  unitStatRows(roundId: string, prefix: string | null) {
    return this.repo.unitStats(roundId, prefix);
  }
}

/**
 * Option ids are kept across versions for unchanged options; an edited option gets a new id. Answers given with the
 * old version's ids are carried over by the option's text, then by its position.
 */
function remapOptions(
  value: import('#contracts').AnswerValue,
  old: QuestionSnapshot | undefined,
  now: QuestionSnapshot,
) {
  if (!value.optionIds || !old?.options || !now.options) return value;
  const nowIds = new Set(now.options.map((o) => o.id));
  const optionIds = value.optionIds.map((id) => {
    if (nowIds.has(id)) return id;
    const i = old.options!.findIndex((o) => o.id === id);
    if (i < 0) return id;
    const byText = now.options!.find((o) => o.text === old.options![i]!.text);
    return byText?.id ?? now.options![i]?.id ?? id;
  });
  return { ...value, optionIds };
}
