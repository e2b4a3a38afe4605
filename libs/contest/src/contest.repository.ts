import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Population } from '#contracts';
import { inSubtreeSql, memberCountSql, PEOPLE_SQL, UNITS_SQL } from '#identity';
import { ANSWERS_SQL, ATTEMPTS_SQL, returnedRows } from '#quiz-engine';
import { roundOpenToUnitSql } from './audience.js';
import { Contest } from './entities/contest.entity.js';
import { ContestRound } from './entities/contest-round.entity.js';
import type { PrizeConfig } from './prizes.js';
import { rankingOrderSql, type CountedAttempt, type PredictionTarget, type RankingKey } from './ranking.js';
import type { AttemptTrace } from './suspicious.js';

export interface RankingRow {
  rank: number;
  position: number;
  userId: string;
  attemptId: string;
  unitId: string | null;
  score: number;
  maxScore: number;
  prediction: number | null;
  predictionDistance: number | null;
  durationMs: number;
  submittedAt: Date;
  fullName: string;
  birthDate: string | null;
  publicNameConsent: boolean;
  unitName: string | null;
}

const RANKING_COLUMNS = `r.rank, r.position, r.user_id AS "userId", r.attempt_id AS "attemptId", r.unit_id AS "unitId",
  r.score, r.max_score AS "maxScore", r.prediction, r.prediction_distance AS "predictionDistance",
  r.duration_ms AS "durationMs", r.submitted_at AS "submittedAt", u.full_name AS "fullName",
  to_char(u.birth_date, 'YYYY-MM-DD') AS "birthDate", u.public_name_consent AS "publicNameConsent", o.name AS "unitName"`;

/** Ranking rows with the person and their unit at freeze time, for names and subtree filters. */
const RANKED_PEOPLE = `round_ranking r JOIN ${PEOPLE_SQL} u ON u.id = r.user_id LEFT JOIN ${UNITS_SQL} o ON o.id = r.unit_id`;

/** The order a person's attempts are compared in to pick the counted one. */
function countedOrder(rule: CountedAttempt, order: RankingKey[]): string {
  if (rule === 'first') return 'a.attempt_no ASC';
  if (rule === 'last') return 'a.attempt_no DESC';
  return `${rankingOrderSql(order, 'a')}, a.id`;
}

const RANKING_WORK_MEM = '256MB';

/** A round's ranking built by `buildRanking`, not yet attached: the table holding it. */
export interface BuiltRanking {
  roundId: string;
  table: string;
}

/** A round id checked to be a UUID, so it can stand in DDL (table names and partition bounds take no parameters). */
function uuidLiteral(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return id.toLowerCase();
}

/** Every table that held a round's ranking is named with this prefix (then a suffix per freeze). */
const rankingTablePrefix = (round: string) => `round_ranking_${uuidLiteral(round).replaceAll('-', '')}`;

@Injectable()
export class ContestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Sort memory for this transaction only: freezing a ranking sorts every attempt of the round twice (best attempt per
   * person, then the ranking order), which with PostgreSQL's default 4 MB spills to disk at a million attempts.
   * One close or regrade of a round runs at a time (the round's row is locked first).
   */
  async allowLargeSorts(m: EntityManager): Promise<void> {
    await m.query(`SET LOCAL work_mem = '${RANKING_WORK_MEM}'`);
  }

  async insertContest(c: Partial<Contest>): Promise<string> {
    const r = await this.dataSource.manager.insert(Contest, c);
    return r.identifiers[0]!.id as string;
  }

  findContest(id: string): Promise<Contest | null> {
    return this.dataSource.manager.findOneBy(Contest, { id });
  }

  findContestByTitle(title: string): Promise<Contest | null> {
    return this.dataSource.manager.findOneBy(Contest, { title });
  }

  async insertRound(r: Partial<ContestRound>, m: EntityManager = this.dataSource.manager): Promise<string> {
    const res = await m.insert(ContestRound, r);
    return res.identifiers[0]!.id as string;
  }

  findRound(id: string, m: EntityManager = this.dataSource.manager): Promise<ContestRound | null> {
    return m.findOneBy(ContestRound, { id });
  }

  async setRoundAudience(id: string, unitIds: string[]): Promise<void> {
    await this.dataSource.query('UPDATE contest_round SET audience_unit_ids = $2::uuid[] WHERE id = $1', [id, unitIds]);
  }

  /** A participant's unit path (the chain of ids from the root), which decides the rounds open to them. */
  async unitPath(unitId: string): Promise<string | null> {
    const rows: { path: string }[] = await this.dataSource.query(`SELECT path FROM ${UNITS_SQL} u WHERE id = $1`, [
      unitId,
    ]);
    return rows[0]?.path ?? null;
  }

  async roundIdsOfContest(contestId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM contest_round WHERE contest_id = $1', [
      contestId,
    ]);
    return rows.map((r) => r.id);
  }

  async lockRound(m: EntityManager, id: string): Promise<ContestRound | null> {
    const rows = await m
      .createQueryBuilder(ContestRound, 'r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getMany();
    return rows[0] ?? null;
  }

  /** Rounds open now or opening soon, with their contest's unit: their pools of papers are drawn ahead of time. */
  async roundsToPrepare(withinMs: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM contest_round WHERE status = 'open' AND closes_at > now()
         AND opens_at <= now() + make_interval(secs => $1::float8 / 1000) ORDER BY opens_at LIMIT 20`,
      [withinMs],
    );
    return rows.map((r) => r.id);
  }

  /**
   * How many more first starts a round can expect: the people registered in its audience's units (see audience.ts)
   * and its contest's unit subtree (everyone for a city-wide contest) less those who have started in the round.
   */
  async startsToCome(roundId: string, contestUnitId: string | null): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT greatest(0,
         (SELECT count(*) FROM ${PEOPLE_SQL} u, contest_round r
          WHERE r.id = $1 AND ${roundOpenToUnitSql('r', 'u.unit_id')} AND ($2::uuid IS NULL OR u.unit_id IN (
            SELECT o.id FROM ${UNITS_SQL} o, ${UNITS_SQL} root WHERE root.id = $2 AND ${inSubtreeSql('o.path', 'root.path')})))
         - (SELECT count(*) FROM ${ATTEMPTS_SQL} a WHERE a.context_id = $1 AND a.attempt_no = 1))::int AS n`,
      [roundId, contestUnitId],
    );
    return rows[0]!.n;
  }

  async roundsDueToClose(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      "SELECT id FROM contest_round WHERE status = 'open' AND closes_at <= now() ORDER BY closes_at LIMIT 20",
    );
    return rows.map((r) => r.id);
  }

  async setPrizes(roundId: string, prizes: PrizeConfig): Promise<void> {
    await this.dataSource.manager.update(ContestRound, { id: roundId }, { prizes });
  }

  /** The true value of the prediction question from every participant's counted attempt. */
  async predictionValue(
    m: EntityManager,
    roundId: string,
    target: PredictionTarget,
    rule: CountedAttempt,
  ): Promise<number> {
    if (target === 'participants') {
      const rows: { n: number }[] = await m.query(
        `SELECT count(DISTINCT a.user_id)::int AS n FROM ${ATTEMPTS_SQL} a WHERE a.context_id = $1 AND a.status = 'submitted'`,
        [roundId],
      );
      return rows[0]!.n;
    }
    // Full marks do not depend on the prediction, so the counted attempt is well defined before the true value is.
    const pick = rule === 'best' ? 'a.score DESC' : countedOrder(rule, []);
    const rows: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM (
         SELECT DISTINCT ON (a.user_id) a.score, a.max_score FROM ${ATTEMPTS_SQL} a
         WHERE a.context_id = $1 AND a.status = 'submitted' ORDER BY a.user_id, ${pick}) c
       WHERE c.max_score > 0 AND c.score >= c.max_score - 1e-9`,
      [roundId],
    );
    return rows[0]!.n;
  }

  /**
   * Builds the round's ranking as a table of its own, not yet visible: each person's counted attempt (DISTINCT ON) with
   * their number of submitted attempts, ranked with window functions in the round's order, written without indexes
   * and then indexed once (a sorted build, not a million random index inserts). `attachRanking` makes it the round's
   * partition of `round_ranking`; unit statistics are counted from it in between.
   */
  async buildRanking(
    m: EntityManager,
    roundId: string,
    rule: CountedAttempt,
    order: RankingKey[],
    trueValue: number | null,
  ): Promise<BuiltRanking> {
    const round = uuidLiteral(roundId);
    // A fresh name per freeze: a regrade's old partition and its indexes still exist while the new one is built.
    const table = `${rankingTablePrefix(round)}_${Date.now().toString(36)}`;
    await m.query(`CREATE TABLE ${table} (LIKE round_ranking)`);
    // Only the columns the ranking reads: every row of the round is sorted twice, and the paper (jsonb) would ride along.
    const scored = `SELECT a.id, a.user_id, a.attempt_no, a.score, a.max_score, a.prediction, a.duration_ms, a.submitted_at,
                      CASE WHEN a.prediction IS NULL OR $2::int IS NULL THEN NULL
                      ELSE abs(a.prediction - $2::int) END AS prediction_distance
                    FROM ${ATTEMPTS_SQL} a WHERE a.context_id = $1 AND a.status = 'submitted'`;
    // The attempt count shares the DISTINCT ON's sort (same partition and order), so it costs no second sort.
    const counted = countedOrder(rule, order);
    // Every attempt of the round meets every participant: a hash join, whatever the statistics say. Just after a round
    // fills (before autovacuum analyzes it) the planner expects a handful of rows and picks a nested loop, a million
    // index lookups; parallel workers would each repeat the DISTINCT ON's sort on these two cores.
    await m.query('SET LOCAL enable_nestloop = off');
    await m.query('SET LOCAL max_parallel_workers_per_gather = 0');
    await m.query(
      `WITH s AS (${scored}),
       c AS (SELECT DISTINCT ON (a.user_id) a.*, count(*) OVER (PARTITION BY a.user_id ORDER BY ${counted}
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS attempts
             FROM s a ORDER BY a.user_id, ${counted})
       INSERT INTO ${table} (round_id, user_id, rank, position, attempt_id, unit_id, score, max_score, prediction,
         prediction_distance, duration_ms, submitted_at, attempts)
       SELECT $1, c.user_id, rank() OVER (ORDER BY ${rankingOrderSql(order, 'c')}),
         row_number() OVER (ORDER BY ${rankingOrderSql(order, 'c')}, c.id), c.id, u.unit_id, c.score, c.max_score,
         c.prediction, c.prediction_distance, c.duration_ms, c.submitted_at, c.attempts
       FROM c JOIN ${PEOPLE_SQL} u ON u.id = c.user_id`,
      [roundId, trueValue],
    );
    await m.query('RESET enable_nestloop');
    await m.query('RESET max_parallel_workers_per_gather');
    await m.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pk PRIMARY KEY (round_id, user_id)`);
    await m.query(`CREATE UNIQUE INDEX ${table}_pos ON ${table} (round_id, position)`);
    // Proves the partition bound up front, so attaching does not scan the table again under the parent's lock.
    await m.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_round CHECK (round_id = '${round}')`);
    return { roundId: round, table };
  }

  /**
   * Makes a built ranking the round's frozen one, dropping the one it replaces (a regrade). The last step of a close or
   * regrade, so the parent's locks are held only until the commit that follows: attaching blocks no reader (but
   * waits for another round's attach); detaching a regrade's old ranking blocks readers for those last moments.
   */
  async attachRanking(m: EntityManager, ranking: BuiltRanking): Promise<void> {
    const earlier: { name: string }[] = await m.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'round_ranking'::regclass AND c.relname LIKE $1 AND c.relname <> $2`,
      [`${rankingTablePrefix(ranking.roundId)}%`, ranking.table],
    );
    for (const { name } of earlier) {
      await m.query(`ALTER TABLE round_ranking DETACH PARTITION ${name}`);
      await m.query(`DROP TABLE ${name}`);
    }
    await m.query(`ALTER TABLE round_ranking ATTACH PARTITION ${ranking.table} FOR VALUES IN ('${ranking.roundId}')`);
  }

  /**
   * Participation per unit over its whole subtree, frozen with the ranking and counted from it (one row per
   * participant with their unit and attempt count): people and attempts at their own unit, then summed up the tree
   * by path prefix (units × units with data, not people × units).
   */
  async freezeUnitStats(m: EntityManager, ranking: BuiltRanking, populations: Population[]): Promise<void> {
    await m.query('DELETE FROM round_unit_stat WHERE round_id = $1', [ranking.roundId]);
    await m.query(
      `WITH direct AS (
         SELECT r.unit_id, count(*) AS participants, sum(r.attempts) AS attempts
         FROM ${ranking.table} r WHERE r.unit_id IS NOT NULL GROUP BY r.unit_id),
       placed AS (SELECT o.path, d.participants, d.attempts FROM direct d JOIN ${UNITS_SQL} o ON o.id = d.unit_id),
       sub AS (
         SELECT o.id, o.depth,
           (SELECT coalesce(sum(p.participants), 0) FROM placed p WHERE ${inSubtreeSql('p.path', 'o.path')}) AS participants,
           (SELECT coalesce(sum(p.attempts), 0) FROM placed p WHERE ${inSubtreeSql('p.path', 'o.path')}) AS attempts,
           (SELECT coalesce(sum(${memberCountSql('d', populations)}), 0) FROM ${UNITS_SQL} d
            WHERE ${inSubtreeSql('d.path', 'o.path')}) AS members
         FROM ${UNITS_SQL} o WHERE o.active)
       INSERT INTO round_unit_stat (round_id, unit_id, depth, participants, attempts, members, rate, rank_by_count, rank_by_rate)
       SELECT $1, s.id, s.depth, s.participants, s.attempts, s.members,
         CASE WHEN s.members > 0 THEN s.participants::float8 / s.members END,
         rank() OVER (PARTITION BY s.depth ORDER BY s.participants DESC),
         CASE WHEN s.members > 0 THEN rank() OVER (PARTITION BY s.depth, s.members > 0
           ORDER BY s.participants::float8 / nullif(s.members, 0) DESC) END
       FROM sub s`,
      [ranking.roundId],
    );
  }

  async markClosed(m: EntityManager, roundId: string, predictionValue: number | null): Promise<Date> {
    const rows = returnedRows<{ closed_at: Date }>(
      await m.query(
        "UPDATE contest_round SET status = 'closed', prediction_value = $2, closed_at = now() WHERE id = $1 RETURNING closed_at",
        [roundId, predictionValue],
      ),
    );
    return rows[0]!.closed_at;
  }

  async leaderboard(roundId: string, limit: number): Promise<RankingRow[]> {
    return this.dataSource.query(
      `SELECT ${RANKING_COLUMNS} FROM ${RANKED_PEOPLE}
       WHERE r.round_id = $1 ORDER BY r.position LIMIT $2`,
      [roundId, limit],
    );
  }

  /** Ranking rows of people in a unit subtree (organizers' exports), in ranking order. */
  async rankingInSubtree(roundId: string, pathPrefix: string | null): Promise<RankingRow[]> {
    return this.dataSource.query(
      `SELECT ${RANKING_COLUMNS}, u.username FROM ${RANKED_PEOPLE}
       WHERE r.round_id = $1 AND ($2::text IS NULL OR ${inSubtreeSql('o.path', '$2')}) ORDER BY r.position`,
      [roundId, pathPrefix],
    );
  }

  async rankingOfUser(roundId: string, userId: string): Promise<RankingRow | null> {
    const rows: RankingRow[] = await this.dataSource.query(
      `SELECT ${RANKING_COLUMNS} FROM ${RANKED_PEOPLE} WHERE r.round_id = $1 AND r.user_id = $2`,
      [roundId, userId],
    );
    return rows[0] ?? null;
  }

  /** Rank and score per person: of a round's frozen ranking (by its id), or of a built one before it is attached. */
  async rankingSnapshot(
    m: EntityManager,
    of: string | BuiltRanking,
  ): Promise<Map<string, { rank: number; score: number }>> {
    const rows: { userId: string; rank: number; score: number }[] =
      typeof of === 'string'
        ? await m.query('SELECT user_id AS "userId", rank, score FROM round_ranking WHERE round_id = $1', [of])
        : await m.query(`SELECT user_id AS "userId", rank, score FROM ${of.table}`);
    return new Map(rows.map((r) => [r.userId, { rank: r.rank, score: r.score }]));
  }

  async participantCount(roundId: string): Promise<number> {
    // Positions run 1..n without gaps: the last one is the count, read from the end of the position index.
    const rows: { n: number }[] = await this.dataSource.query(
      'SELECT coalesce(max(position), 0)::int AS n FROM round_ranking WHERE round_id = $1',
      [roundId],
    );
    return rows[0]!.n;
  }

  async unitStats(roundId: string, pathPrefix: string | null) {
    return this.dataSource.query(
      `SELECT s.unit_id AS "unitId", o.name, s.depth, o.parent_id AS "parentId", s.participants, s.attempts, s.members,
         s.rate, s.rank_by_count AS "rankByCount", s.rank_by_rate AS "rankByRate"
       FROM round_unit_stat s JOIN ${UNITS_SQL} o ON o.id = s.unit_id
       WHERE s.round_id = $1 AND ($2::text IS NULL OR ${inSubtreeSql('o.path', '$2')})
       ORDER BY s.depth, s.rank_by_count, o.name`,
      [roundId, pathPrefix],
    ) as Promise<
      {
        unitId: string;
        name: string;
        depth: number;
        parentId: string | null;
        participants: number;
        attempts: number;
        members: number;
        rate: number | null;
        rankByCount: number;
        rankByRate: number | null;
      }[]
    >;
  }

  /** Scored answers of the counted attempts, for item analysis (organizers, after close: off the answer path). */
  async countedResponses(roundId: string) {
    return this.dataSource.query(
      `SELECT q.attempt_id AS "attemptId", q.question_id AS "questionId", q.fraction, q.value->'optionIds' AS "optionIds"
       FROM round_ranking r JOIN ${ANSWERS_SQL} q ON q.attempt_id = r.attempt_id WHERE r.round_id = $1`,
      [roundId],
    ) as Promise<{ attemptId: string; questionId: string; fraction: number; optionIds: string[] | null }[]>;
  }

  /** Per attempt: network, device, timing and an answer signature, for the suspicious-attempt review list. */
  async attemptTraces(roundId: string) {
    return this.dataSource.query(
      `SELECT a.id AS "attemptId", a.user_id AS "userId", a.ip, a.device_id AS "deviceId", a.started_at AS "startedAt",
         a.duration_ms AS "durationMs", coalesce(a.answered_count, 0) AS "answeredCount", coalesce(a.score, 0) AS score,
         a.max_score AS "maxScore",
         coalesce((SELECT string_agg(q.question_id || '=' || q.value::text, '|' ORDER BY q.question_id)
                   FROM ${ANSWERS_SQL} q WHERE q.attempt_id = a.id), '') AS "answerSignature"
       FROM ${ATTEMPTS_SQL} a WHERE a.context_id = $1 AND a.status = 'submitted'`,
      [roundId],
    ) as Promise<AttemptTrace[]>;
  }

  async insertRegrade(
    m: EntityManager,
    roundId: string,
    actorId: string,
    changes: Record<string, unknown>,
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      'INSERT INTO round_regrade (round_id, actor_id, changes) VALUES ($1, $2, $3) RETURNING id',
      [roundId, actorId, JSON.stringify(changes)],
    );
    return rows[0]!.id;
  }
}
