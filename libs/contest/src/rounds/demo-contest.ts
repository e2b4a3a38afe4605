import { Injectable } from '@nestjs/common';
import { Clock, JobQueue } from '#core';
import { QuestionBankReader } from '#question-bank';
import { ContestRepository } from '../contest.repository.js';
import { DEFAULT_RANKING } from '../ranking.js';
import { scheduleRoundClose } from './round-close-job.js';

/**
 * Demo data: the city's contest with an open weekly round on the demo bank (a prediction question included), so a
 * newcomer can take an attempt at once. Does nothing without a bank or when the contest exists.
 */
@Injectable()
export class DemoContest {
  constructor(
    private readonly repo: ContestRepository,
    private readonly bank: QuestionBankReader,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

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
      await scheduleRoundClose(this.jobs, id, closesAt, m);
      return id;
    });
    return { contestId, roundId };
  }
}
