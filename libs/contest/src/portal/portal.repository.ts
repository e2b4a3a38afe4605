import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ATTEMPTS_SQL } from '#quiz-engine';
import { roundOpenToUnitSql } from '../audience.js';
import type { ReviewOptions } from '../entities/contest-round.entity.js';
import type { CountedAttempt } from '../ranking.js';

export interface PortalRoundRow {
  id: string;
  contestId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  status: 'open' | 'closed';
  durationSeconds: number;
  maxAttempts: number;
  questionCount: number;
  attemptsUsed: number;
  attemptInProgress: string | null;
}

export interface PortalRoundRulesRow extends PortalRoundRow {
  contestTitle: string;
  contestDescription: string | null;
  pointsPerQuestion: number;
  countedAttempt: CountedAttempt;
  predictionQuestion: string | null;
  review: ReviewOptions;
}

export interface MyAttemptRow {
  attemptId: string;
  roundId: string;
  roundTitle: string;
  contestId: string;
  contestTitle: string;
  attemptNo: number;
  status: 'in_progress' | 'submitted';
  startedAt: Date;
  deadline: Date;
  submittedAt: Date | null;
  roundStatus: 'open' | 'closed';
  review: ReviewOptions;
  score: number | null;
  maxScore: number | null;
  correctCount: number | null;
  durationMs: number | null;
  rank: number | null;
}

/** Whose reads: rounds are listed only where the person's unit is in the round's audience (audience.ts). */
export interface Person {
  userId: string;
  unitId: string | null;
}

/** A round a participant can still take part in: not closed and its close time not reached. */
const LIVE_ROUND = `r.status = 'open' AND r.closes_at > $1`;

/** The round columns a participant sees, with the person's ($2) own attempt count and running attempt. */
const ROUND_COLUMNS = `
  r.id, r.contest_id AS "contestId", r.title, r.opens_at AS "opensAt", r.closes_at AS "closesAt", r.status,
  r.duration_seconds AS "durationSeconds", r.max_attempts AS "maxAttempts",
  (SELECT coalesce(sum((b->>'count')::int), 0) FROM jsonb_array_elements(r.blueprint) b)::int AS "questionCount",
  (SELECT count(*) FROM ${ATTEMPTS_SQL} a WHERE a.context_id = r.id AND a.user_id = $2)::int AS "attemptsUsed",
  (SELECT a.id FROM ${ATTEMPTS_SQL} a
    WHERE a.context_id = r.id AND a.user_id = $2 AND a.status = 'in_progress' AND a.deadline > $1) AS "attemptInProgress"`;

/** Participants' reads of contests: what they can enter and what they did (read-only; rounds/ writes). */
@Injectable()
export class PortalRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Contests with at least one open or upcoming round, the one opening soonest first; one page of them. */
  async contestsWithLiveRounds(
    now: Date,
    unitId: string | null,
    offset: number,
    limit: number,
  ): Promise<{ rows: { id: string; title: string; description: string | null }[]; total: number }> {
    const rows: { id: string; title: string; description: string | null; total: number }[] =
      await this.dataSource.query(
        `SELECT c.id, c.title, c.description, count(*) OVER ()::int AS total
         FROM contest c
         JOIN LATERAL (
           SELECT min(r.opens_at) AS first FROM contest_round r
           WHERE r.contest_id = c.id AND ${LIVE_ROUND} AND ${roundOpenToUnitSql('r', '$4::uuid')}
         ) l ON l.first IS NOT NULL
         ORDER BY l.first, c.created_at DESC, c.id
         OFFSET $2 LIMIT $3`,
        [now, offset, limit, unitId],
      );
    if (rows.length || offset === 0) return { rows, total: rows[0]?.total ?? 0 };
    // Past the last page: the count still has to be right.
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM contest c
       WHERE EXISTS (
         SELECT 1 FROM contest_round r
         WHERE r.contest_id = c.id AND ${LIVE_ROUND} AND ${roundOpenToUnitSql('r', '$2::uuid')}
       )`,
      [now, unitId],
    )) as [{ total: number }];
    return { rows: [], total };
  }

  liveRoundsOf(contestIds: string[], now: Date, person: Person): Promise<PortalRoundRow[]> {
    if (!contestIds.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT ${ROUND_COLUMNS} FROM contest_round r
       WHERE r.contest_id = ANY($3::uuid[]) AND ${LIVE_ROUND} AND ${roundOpenToUnitSql('r', '$4::uuid')}
       ORDER BY r.opens_at, r.title, r.id`,
      [now, person.userId, contestIds, person.unitId],
    );
  }

  /** A round's rules, if the person may take part in it (otherwise null, as for a round that does not exist). */
  async roundRules(roundId: string, now: Date, person: Person): Promise<PortalRoundRulesRow | null> {
    const rows: PortalRoundRulesRow[] = await this.dataSource.query(
      `SELECT ${ROUND_COLUMNS}, c.title AS "contestTitle", c.description AS "contestDescription",
         r.points_per_question AS "pointsPerQuestion", r.counted_attempt AS "countedAttempt",
         r.prediction_question AS "predictionQuestion", r.review
       FROM contest_round r JOIN contest c ON c.id = r.contest_id
       WHERE r.id = $3 AND ${roundOpenToUnitSql('r', '$4::uuid')}`,
      [now, person.userId, roundId, person.unitId],
    );
    return rows[0] ?? null;
  }

  /** One person's attempts of contest rounds, newest first, with their frozen rank once the round is closed. */
  async attemptsOf(userId: string, offset: number, limit: number): Promise<{ rows: MyAttemptRow[]; total: number }> {
    const rows: (MyAttemptRow & { total: number })[] = await this.dataSource.query(
      `SELECT a.id AS "attemptId", r.id AS "roundId", r.title AS "roundTitle", c.id AS "contestId",
         c.title AS "contestTitle", a.attempt_no AS "attemptNo", a.status, a.started_at AS "startedAt",
         a.deadline, a.submitted_at AS "submittedAt", r.status AS "roundStatus", r.review,
         a.score, a.max_score AS "maxScore", a.correct_count AS "correctCount", a.duration_ms AS "durationMs",
         rr.rank, count(*) OVER ()::int AS total
       FROM ${ATTEMPTS_SQL} a
       JOIN contest_round r ON r.id = a.context_id
       JOIN contest c ON c.id = r.contest_id
       LEFT JOIN round_ranking rr ON rr.round_id = r.id AND rr.user_id = a.user_id AND rr.attempt_id = a.id
       WHERE a.user_id = $1
       ORDER BY a.started_at DESC, a.id
       OFFSET $2 LIMIT $3`,
      [userId, offset, limit],
    );
    if (rows.length || offset === 0) return { rows, total: rows[0]?.total ?? 0 };
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM ${ATTEMPTS_SQL} a JOIN contest_round r ON r.id = a.context_id
       WHERE a.user_id = $1`,
      [userId],
    )) as [{ total: number }];
    return { rows: [], total };
  }
}
