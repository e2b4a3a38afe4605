import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, JobQueue } from '#core';
import { IdentityDirectory } from '#identity';
import { QuestionBankReader } from '#question-bank';
import type { ContestRound } from '../entities/contest-round.entity.js';
import { ContestRepository } from '../contest.repository.js';
import { DEFAULT_RANKING } from '../ranking.js';
import { ParticipantAttempts } from './participant-attempts.js';
import { scheduleRoundClose } from './round-close-job.js';
import { RoundClosing } from './round-closing.js';

/**
 * The demo participants who took last week's round (docs/DEMO-ACCOUNTS.md): the option each picks is the one at
 * position `question number × stride` of the question's (shuffled) options, and their prediction.
 */
const LAST_WEEK_PLAYERS = [
  { username: 'thisinh.an', stride: 1, prediction: 12 },
  { username: 'thisinh.binh', stride: 2, prediction: 40 },
];

/**
 * Demo data: the city's contest with an open weekly round on the demo bank (a prediction question included), so a
 * newcomer can take an attempt at once, and the week before it already closed — taken by the demo participants, its
 * ranking frozen, its unit statistics and prizes there to read (the organizer's report, the portal's "my rank and
 * why", the answers' review, certificates from a round). Does nothing without a bank or when the contest exists; the
 * closed week only when the demo participants exist.
 */
@Injectable()
export class DemoContest {
  constructor(
    private readonly repo: ContestRepository,
    private readonly bank: QuestionBankReader,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly identity: IdentityDirectory,
    private readonly participants: ParticipantAttempts,
    private readonly closing: RoundClosing,
  ) {}

  async seedDemoContest(
    bankId: string | null,
  ): Promise<{ contestId: string; roundId: string; closedRoundId: string | null } | null> {
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
    const closedRoundId = await this.seedLastWeek(contestId, bankId, blueprint, now);
    const closesAt = new Date(now + 7 * 86_400_000);
    const roundId = await this.repo.transaction(async (m) => {
      const id = await this.insertWeek(m, {
        contestId,
        title: closedRoundId ? 'Tuần 2' : 'Tuần 1',
        bankId,
        blueprint,
        opensAt: new Date(now - 60_000),
        closesAt,
      });
      await scheduleRoundClose(this.jobs, id, closesAt, m);
      return id;
    });
    return { contestId, roundId, closedRoundId };
  }

  /**
   * Last week's round, played for real by the demo participants through the engine (start, an answer to each
   * question, submit with a prediction), then closed as an organizer closes it: its ranking and unit statistics are
   * frozen by the same statement a real close runs. Null when no demo participant exists (a tree without them).
   */
  private async seedLastWeek(
    contestId: string,
    bankId: string,
    blueprint: { category: string; count: number }[],
    now: number,
  ): Promise<string | null> {
    const players = [];
    for (const p of LAST_WEEK_PLAYERS) {
      const principal = await this.identity.principalOf(p.username);
      if (principal) players.push({ ...p, principal });
    }
    if (!players.length) return null;
    const roundId = await this.repo.transaction((m) =>
      this.insertWeek(m, {
        contestId,
        title: 'Tuần 1',
        bankId,
        blueprint,
        opensAt: new Date(now - 7 * 86_400_000),
        // Closed by the seed in a moment, as an organizer closes a round early.
        closesAt: new Date(now + 3_600_000),
      }),
    );
    for (const p of players) {
      const body = await this.participants.startAttempt(p.principal, roundId, { ip: null, deviceId: 'demo' });
      const started = JSON.parse(body.toString('utf8')) as {
        attemptId: string;
        questions: { id: string; type: string; options?: { id: string }[] }[];
      };
      for (const [i, q] of started.questions.entries()) {
        if (!q.options?.length) continue;
        // Questions with options only, one picked (shuffled per attempt: some right, some wrong, as in a real week).
        // A question that wants another shape (several options in order, pairs) refuses it and stays unanswered.
        const option = q.options[(i * p.stride) % q.options.length]!;
        await this.participants
          .saveAnswer(p.principal, started.attemptId, q.id, { optionIds: [option.id] })
          .catch(() => undefined);
      }
      await this.participants.submitAttempt(p.principal, started.attemptId, p.prediction);
    }
    await this.closing.closeRound(roundId, null);
    return roundId;
  }

  private insertWeek(
    m: EntityManager,
    week: Pick<ContestRound, 'contestId' | 'title' | 'bankId' | 'opensAt' | 'closesAt'> & {
      blueprint: { category: string; count: number }[];
    },
  ): Promise<string> {
    return this.repo.insertRound(
      {
        ...week,
        durationSeconds: 900,
        maxAttempts: 3,
        countedAttempt: 'best',
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
  }
}
