import { Injectable } from '@nestjs/common';
import type { ErrorDetail } from '#contracts';
import { AppError, AuditService, Clock, JobQueue, type Principal } from '#core';
import { publicName, vietnamToday } from '#identity';
import { QuestionBankReader } from '#question-bank';
import { reviewRank, type BlueprintEntry } from '#quiz-engine';
import { ContestRepository } from '../contest.repository.js';
import type { CreateRoundDto } from '../dto/contest.dto.js';
import type { ContestRound } from '../entities/contest-round.entity.js';
import { prizeForRank } from '../prizes.js';
import { DEFAULT_RANKING, fullOrder } from '../ranking.js';
import { AttemptPolicies } from '../rounds/attempt-policies.js';
import { RoundAccess } from '../rounds/round-access.js';
import { RoundAnalysis } from '../rounds/round-analysis.js';
import { RoundCache } from '../rounds/round-cache.js';
import { scheduleRoundClose } from '../rounds/round-close-job.js';
import type {
  BlueprintCheckResultDto,
  FlagReportDto,
  ItemReportDto,
  ManagedContestDto,
  RoundPhase,
  RoundProgressDto,
  RoundRankingDto,
  RoundSettingsDto,
  UpdateContestDto,
  UpdateRoundDto,
} from './management.dto.js';
import { ManagementRepository } from './management.repository.js';
import { itemFlags, tieReasons } from './report-rules.js';

/** The settings of a round, as an update names them. */
type RoundField = Exclude<keyof CreateRoundDto, never>;

/** What may change once a round has attempts: nothing that changes a result (who may enter, what they see, until when). */
export const EDITABLE_WITH_ATTEMPTS: readonly RoundField[] = ['title', 'closesAt', 'review', 'audience'];
/** Once closed and frozen: the title and what participants may see. */
export const EDITABLE_WHEN_CLOSED: readonly RoundField[] = ['title', 'review'];
const ALL_FIELDS: readonly RoundField[] = [
  'title',
  'bankId',
  'opensAt',
  'closesAt',
  'durationSeconds',
  'maxAttempts',
  'countedAttempt',
  'blueprint',
  'pointsPerQuestion',
  'prediction',
  'ranking',
  'review',
  'audience',
  'statsPopulations',
];

const normBlueprint = (b: readonly { category: string; difficulty?: 1 | 2 | 3 | null; count: number }[]) =>
  b.map((x) => ({
    category: x.category.normalize('NFC').trim(),
    count: x.count,
    ...(x.difficulty ? { difficulty: x.difficulty } : {}),
  }));

/** A round's setting in the shape an update sends, to tell a changed value from one sent again unchanged. */
function currentValue(r: ContestRound, field: RoundField): unknown {
  switch (field) {
    case 'opensAt':
      return r.opensAt.getTime();
    case 'closesAt':
      return r.closesAt.getTime();
    case 'blueprint':
      return normBlueprint(r.blueprint);
    case 'prediction':
      return r.predictionQuestion ? { question: r.predictionQuestion, target: r.predictionTarget } : null;
    case 'ranking':
      return fullOrder(r.ranking);
    case 'audience':
      return [...r.audienceUnitIds].sort();
    case 'statsPopulations':
      return [...r.statsPopulations].sort();
    default:
      return r[field as keyof ContestRound];
  }
}

function sentValue(dto: UpdateRoundDto, field: RoundField): unknown {
  switch (field) {
    case 'opensAt':
      return new Date(dto.opensAt!).getTime();
    case 'closesAt':
      return new Date(dto.closesAt!).getTime();
    case 'blueprint':
      return normBlueprint(dto.blueprint!);
    case 'prediction':
      return dto.prediction
        ? { question: dto.prediction.question.normalize('NFC'), target: dto.prediction.target }
        : null;
    case 'ranking':
      return fullOrder(dto.ranking ?? DEFAULT_RANKING);
    case 'audience':
      return [...dto.audience!.unitIds].sort();
    case 'statsPopulations':
      return [...dto.statsPopulations!].sort();
    case 'title':
      return dto.title!.normalize('NFC').trim();
    case 'review':
      return { afterSubmit: dto.review!.afterSubmit, afterClose: dto.review!.afterClose };
    default:
      return dto[field];
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The organizers' side of contests and rounds beyond creating them: the list with each round's phase, a round's
 * settings and edits (limited once people have taken part), the blueprint check against the bank's published
 * questions, a running round's progress by unit, and the closed round's report (ranking with the why of each tie,
 * questions to look at, attempts to review).
 */
@Injectable()
export class RoundManagement {
  constructor(
    private readonly repo: ManagementRepository,
    private readonly rounds: ContestRepository,
    private readonly access: RoundAccess,
    private readonly policies: AttemptPolicies,
    private readonly cache: RoundCache,
    private readonly analysis: RoundAnalysis,
    private readonly bank: QuestionBankReader,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  phase(r: { status: string; opensAt: Date; closesAt: Date }): RoundPhase {
    if (r.status === 'closed') return 'closed';
    const now = this.clock.now();
    if (now < r.opensAt) return 'upcoming';
    return now < r.closesAt ? 'open' : 'closing';
  }

  async contests(principal: Principal): Promise<ManagedContestDto[]> {
    const contests = await this.repo.contestsInScope(await this.access.scopePrefix(principal));
    const rounds = await this.repo.roundsOf(contests.map((c) => c.id));
    return contests.map((c) => ({
      id: c.id,
      title: c.title,
      description: c.description,
      unitName: c.unitName,
      createdAt: new Date(c.createdAt).toISOString(),
      rounds: rounds
        .filter((r) => r.contestId === c.id)
        .map((r) => ({
          id: r.id,
          title: r.title,
          phase: this.phase(r),
          opensAt: new Date(r.opensAt).toISOString(),
          closesAt: new Date(r.closesAt).toISOString(),
          participants: r.participants,
        })),
    }));
  }

  async updateContest(principal: Principal, contestId: string, dto: UpdateContestDto): Promise<void> {
    await this.access.manageableContest(principal, contestId);
    await this.repo.updateContest(contestId, {
      ...(dto.title !== undefined ? { title: dto.title.normalize('NFC').trim() } : {}),
      ...(dto.description !== undefined ? { description: dto.description.normalize('NFC') || null } : {}),
    });
  }

  private editable(round: ContestRound, attempts: number): readonly RoundField[] {
    if (round.status === 'closed') return EDITABLE_WHEN_CLOSED;
    return attempts > 0 ? EDITABLE_WITH_ATTEMPTS : ALL_FIELDS;
  }

  async settings(principal: Principal, roundId: string): Promise<RoundSettingsDto> {
    const r = await this.access.manageableRound(principal, roundId);
    const contest = await this.access.manageableContest(principal, r.contestId);
    const attempts = await this.repo.attemptCount(roundId);
    return {
      id: r.id,
      contestId: r.contestId,
      contestTitle: contest.title,
      title: r.title,
      bankId: r.bankId,
      phase: this.phase(r),
      opensAt: r.opensAt.toISOString(),
      closesAt: r.closesAt.toISOString(),
      durationSeconds: r.durationSeconds,
      maxAttempts: r.maxAttempts,
      countedAttempt: r.countedAttempt,
      blueprint: normBlueprint(r.blueprint),
      pointsPerQuestion: r.pointsPerQuestion,
      prediction: r.predictionQuestion ? { question: r.predictionQuestion, target: r.predictionTarget! } : null,
      ranking: fullOrder(r.ranking),
      review: r.review,
      audienceUnitIds: r.audienceUnitIds,
      audienceUnits: await this.repo.unitNames(r.audienceUnitIds),
      statsPopulations: r.statsPopulations,
      prizes: r.prizes,
      predictionValue: r.predictionValue,
      closedAt: r.closedAt?.toISOString() ?? null,
      attempts,
      editable: [...this.editable(r, attempts)],
    };
  }

  /** How many published questions each blueprint slot can draw from (the bank must be one the organizer reads). */
  async checkBlueprint(
    principal: Principal,
    bankId: string,
    blueprint: readonly BlueprintEntry[],
  ): Promise<BlueprintCheckResultDto> {
    await this.bank.assertBanksReadable(principal, [bankId]);
    const slots = [];
    for (const line of normBlueprint(blueprint)) {
      const available = await this.bank.countPublished({
        bankId,
        category: line.category,
        ...(line.difficulty ? { difficulty: line.difficulty } : {}),
      });
      slots.push({
        category: line.category,
        difficulty: line.difficulty ?? null,
        count: line.count,
        available,
        enough: available >= line.count,
      });
    }
    return {
      slots,
      enough: slots.every((s) => s.enough),
      questionCount: slots.reduce((n, s) => n + s.count, 0),
    };
  }

  /** Throws BLUEPRINT_UNSATISFIABLE naming every slot the bank cannot fill (field blueprint.i.count). */
  async assertBlueprint(principal: Principal, bankId: string, blueprint: readonly BlueprintEntry[]): Promise<void> {
    const check = await this.checkBlueprint(principal, bankId, blueprint);
    const details: ErrorDetail[] = check.slots.flatMap((s, i) =>
      s.enough
        ? []
        : [
            {
              field: `blueprint.${i}.count`,
              message: `Chỉ có ${s.available} câu hỏi đã duyệt phù hợp, cần ${s.count}.`,
            },
          ],
    );
    if (details.length) throw new AppError('BLUEPRINT_UNSATISFIABLE', details);
  }

  /**
   * Changes a round's settings. With attempts (or once closed) only what cannot change a result may change: anything
   * else sent with a different value is refused (ROUND_HAS_ATTEMPTS or ROUND_CLOSED, the fields in the details) and
   * nothing is written.
   */
  async updateRound(principal: Principal, roundId: string, dto: UpdateRoundDto): Promise<void> {
    await this.access.manageableRound(principal, roundId);
    await this.repo.transaction(async (m) => {
      const round = (await this.rounds.lockRound(m, roundId))!;
      const attempts = await this.repo.attemptCount(roundId, m);
      const sent = ALL_FIELDS.filter((f) => dto[f] !== undefined);
      const changed = sent.filter((f) => !same(sentValue(dto, f), currentValue(round, f)));
      const allowed = this.editable(round, attempts);
      const refused = changed.filter((f) => !allowed.includes(f));
      if (refused.length) {
        const closed = round.status === 'closed';
        throw new AppError(
          closed ? 'ROUND_CLOSED' : 'ROUND_HAS_ATTEMPTS',
          refused.map((field) => ({
            field,
            message: closed
              ? 'Vòng thi đã kết thúc: không thể thay đổi mục này.'
              : `Đã có ${attempts} lượt thi: không thể thay đổi mục này vì sẽ làm thay đổi kết quả.`,
          })),
        );
      }
      if (changed.length === 0) return;
      const has = (f: RoundField) => changed.includes(f);
      const opensAt = has('opensAt') ? new Date(dto.opensAt!) : round.opensAt;
      const closesAt = has('closesAt') ? new Date(dto.closesAt!) : round.closesAt;
      if (!(closesAt > opensAt))
        throw new AppError('VALIDATION_FAILED', [{ field: 'closesAt', message: 'closesAt phải sau opensAt.' }]);
      if (has('closesAt') && closesAt <= this.clock.now())
        throw new AppError('VALIDATION_FAILED', [
          {
            field: 'closesAt',
            message: 'Thời gian kết thúc mới phải ở tương lai (để kết thúc ngay, dùng “Kết thúc vòng thi”).',
          },
        ]);
      const review = has('review') ? dto.review! : round.review;
      if (reviewRank(review.afterClose) < reviewRank(review.afterSubmit))
        throw new AppError('VALIDATION_FAILED', [
          { field: 'review.afterClose', message: 'review.afterClose không được ít hơn review.afterSubmit.' },
        ]);
      const bankId = has('bankId') ? dto.bankId! : round.bankId;
      if (has('bankId') || has('blueprint'))
        await this.assertBlueprint(principal, bankId, has('blueprint') ? dto.blueprint! : round.blueprint);
      const patch: Partial<ContestRound> = {};
      if (has('title')) patch.title = dto.title!.normalize('NFC').trim();
      if (has('bankId')) patch.bankId = bankId;
      if (has('opensAt')) patch.opensAt = opensAt;
      if (has('closesAt')) patch.closesAt = closesAt;
      if (has('durationSeconds')) patch.durationSeconds = dto.durationSeconds!;
      if (has('maxAttempts')) patch.maxAttempts = dto.maxAttempts!;
      if (has('countedAttempt')) patch.countedAttempt = dto.countedAttempt!;
      if (has('blueprint')) patch.blueprint = normBlueprint(dto.blueprint!);
      if (has('pointsPerQuestion')) patch.pointsPerQuestion = dto.pointsPerQuestion!;
      if (has('prediction')) {
        patch.predictionQuestion = dto.prediction?.question.normalize('NFC') ?? null;
        patch.predictionTarget = dto.prediction?.target ?? null;
      }
      if (has('ranking')) patch.ranking = fullOrder(dto.ranking);
      if (has('review')) patch.review = review;
      if (has('audience')) patch.audienceUnitIds = await this.access.checkedAudience(principal, dto.audience!.unitIds);
      if (has('statsPopulations')) patch.statsPopulations = dto.statsPopulations!;
      await this.repo.updateRound(m, roundId, patch);
      // The job for the old close time finds the round not due and leaves it (RoundClosing); this one closes it.
      if (has('closesAt'))
        await scheduleRoundClose(this.jobs, roundId, closesAt, m, `${roundId}@${closesAt.getTime()}`);
      await this.audit.record(principal.userId, 'round.update', roundId, { fields: changed }, m);
    });
    this.cache.forgetRound(roundId);
    this.policies.forgetPoolsOfRound(roundId);
  }

  async progress(principal: Principal, roundId: string, depth = 1): Promise<RoundProgressDto> {
    const round = await this.access.manageableRound(principal, roundId);
    const prefix = await this.access.scopePrefix(principal);
    const [totals, byUnit] = await Promise.all([
      this.repo.progressTotals(roundId, prefix),
      this.repo.progressByUnit(roundId, depth, prefix),
    ]);
    return {
      roundId,
      phase: this.phase(round),
      ...totals,
      byUnit,
      serverNow: this.clock.now().toISOString(),
    };
  }

  async ranking(principal: Principal, roundId: string, limit = 200): Promise<RoundRankingDto> {
    const round = await this.access.manageableRound(principal, roundId);
    await this.access.closedRound(roundId);
    const rows = await this.rounds.leaderboard(roundId, limit);
    const today = vietnamToday(this.clock.now());
    const ties = tieReasons(rows, round.ranking);
    return {
      roundId,
      predictionQuestion: round.predictionQuestion,
      predictionValue: round.predictionValue,
      order: fullOrder(round.ranking),
      participants: await this.rounds.participantCount(roundId),
      rows: rows.map((r, i) => ({
        rank: r.rank,
        userId: r.userId,
        displayName: publicName(r, today),
        unitId: r.unitId,
        unitName: r.unitName,
        score: r.score,
        maxScore: r.maxScore,
        prediction: r.prediction,
        predictionDistance: r.predictionDistance,
        durationMs: r.durationMs,
        submittedAt: new Date(r.submittedAt).toISOString(),
        prize: round.prizes ? prizeForRank(r.rank, round.prizes) : null,
        tie: ties[i] ?? null,
      })),
    };
  }

  /** Item analysis with each question's text and what to look at (a likely wrong key, too easy, too hard). */
  async itemReport(principal: Principal, roundId: string): Promise<ItemReportDto[]> {
    const items = await this.analysis.itemAnalysis(principal, roundId);
    const current = new Map(
      (await this.bank.getPublished(items.map((i) => i.questionId))).map((q) => [q.questionId, q]),
    );
    return items.map((i) => {
      const q = current.get(i.questionId);
      const optionText = new Map((q?.options ?? []).map((o) => [o.id, o.text]));
      return {
        questionId: i.questionId,
        text: q?.text ?? '',
        responses: i.responses,
        facility: i.facility,
        discrimination: i.discrimination,
        pointBiserial: i.pointBiserial,
        flags: itemFlags(i),
        // The engine names options by id; a person reads them by their text.
        reasons: i.reasons.map((reason) =>
          [...optionText].reduce((text, [id, label]) => text.replaceAll(id, `“${label}”`), reason),
        ),
        ...(i.options ? { options: i.options.map((o) => ({ ...o, text: optionText.get(o.id) ?? '' })) } : {}),
      };
    });
  }

  /** Suspicious-attempt flags with the people named (public-name rule) and their units. */
  async flagReport(principal: Principal, roundId: string): Promise<FlagReportDto[]> {
    const flags = await this.analysis.flags(principal, roundId);
    const people = new Map(
      (await this.repo.peopleByIds([...new Set(flags.flatMap((f) => f.userIds))])).map((p) => [p.id, p]),
    );
    const today = vietnamToday(this.clock.now());
    return flags.map((f) => ({
      kind: f.kind,
      reason: f.reason,
      attemptIds: f.attemptIds,
      people: f.userIds.map((userId) => {
        const p = people.get(userId);
        return {
          userId,
          displayName: p ? publicName(p, today) : userId,
          unitName: p?.unitName ?? null,
        };
      }),
    }));
  }
}
