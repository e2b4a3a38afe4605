import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AnswerValue } from '#contracts';
import { uniqueViolation } from '#core';
import type { FinishedBy } from './entities/quiz-attempt.entity.js';
import type { PaperItem } from './paper.js';

/** Late answers within this grace after the deadline are still taken (network latency), never more. */
export const ANSWER_GRACE_SECONDS = 2;

/**
 * The deadline rule, by the database's clock, written once: an attempt started now ends after its duration and never
 * after the hard deadline (its round's close); it takes answers and submissions until its deadline plus the grace.
 * Every statement that starts, saves, submits, sweeps or closes attempts uses these fragments.
 */
export const deadlineRule = {
  /** The deadline of an attempt starting now (SQL expressions for its duration in seconds and its hard deadline). */
  atStart: (durationSeconds: string, hardDeadline: string) =>
    `least(now() + make_interval(secs => ${durationSeconds}), ${hardDeadline})`,
  /** The attempt whose deadline is `deadline` (a column) still takes answers. */
  open: (deadline: string) => `now() <= ${deadline} + interval '${ANSWER_GRACE_SECONDS} seconds'`,
  /** …no longer does: past its deadline and the grace. */
  expired: (deadline: string) => `now() > ${deadline} + interval '${ANSWER_GRACE_SECONDS} seconds'`,
};

/** TypeORM returns `[rows, affected]` for UPDATE and DELETE (even with RETURNING), plain rows otherwise. */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return result as T[];
}

export interface AnswerWrite {
  attemptId: string;
  userId: string;
  questionId: string;
  value: AnswerValue;
  fraction: number;
  correct: boolean;
}

export interface NewAttempt {
  contextId: string;
  userId: string;
  durationSeconds: number;
  hardDeadline: Date;
  maxScore: number;
  pointsPerQuestion: number;
  seed: string;
  paper: PaperItem[];
  ip: string | null;
  deviceId: string | null;
}

export interface FirstAttemptWrite extends NewAttempt {
  /** Contexts whose attempts make this not a first attempt (the context itself and its related ones). */
  relatedContextIds: string[];
}

/** A first start that may take a paper drawn ahead of time from its context's pool. */
export interface PooledStartWrite {
  contextId: string;
  userId: string;
  /** Contexts whose attempts make this not a first attempt (the context itself and its related ones). */
  relatedContextIds: string[];
  durationSeconds: number;
  hardDeadline: Date;
  pointsPerQuestion: number;
  /** Only papers drawn from these pools are taken (see `QuizPaper.poolKey`). */
  poolKey: string;
  /** A free paper this instance drew (and holds in memory), taken first: then no paper comes back from the database. */
  proposedPaperId: string | null;
  ip: string | null;
  deviceId: string | null;
}

/**
 * What a pooled start became: the attempt, with the paper it took; or the person's first attempt but no paper was
 * free (draw one now); or not their first attempt, or a start of theirs already running (the general path decides).
 */
export type PooledStart =
  | {
      kind: 'started';
      id: string;
      deadline: Date;
      seed: string;
      maxScore: number;
      /** Null when the attempt took the proposed paper (the caller holds it). */
      paper: PaperItem[] | null;
    }
  | { kind: 'no-paper' }
  | { kind: 'not-first' };

/** A paper drawn ahead of time, before it is stored in its context's pool. */
export interface DrawnPaper {
  id: string;
  maxScore: number;
  paper: PaperItem[];
}

export interface AttemptRow {
  id: string;
  contextId: string;
  userId: string;
  attemptNo: number;
  status: 'in_progress' | 'submitted';
  startedAt: Date;
  deadline: Date;
  submittedAt: Date | null;
  finishedBy: FinishedBy | null;
  durationMs: number | null;
  score: number | null;
  maxScore: number;
  correctCount: number | null;
  answeredCount: number | null;
  prediction: number | null;
  paper: PaperItem[];
  /** Whether the deadline (plus grace) has passed by the database's clock. */
  expired: boolean;
}

/** An attempt without its paper: what a finished attempt's result needs. */
export type AttemptSummary = Omit<AttemptRow, 'paper'>;

const SUMMARY_COLUMNS = `a.id, a.context_id AS "contextId", a.user_id AS "userId", a.attempt_no AS "attemptNo", a.status,
  a.started_at AS "startedAt", a.deadline, a.submitted_at AS "submittedAt", a.finished_by AS "finishedBy",
  a.duration_ms AS "durationMs", a.score, a.max_score AS "maxScore", a.correct_count AS "correctCount",
  a.answered_count AS "answeredCount", a.prediction, (${deadlineRule.expired('a.deadline')}) AS expired`;
const ATTEMPT_COLUMNS = `${SUMMARY_COLUMNS}, a.paper`;

/**
 * Every statement that locks several attempts locks them in id order, so batches of saves, submissions and a round's
 * close can wait for one another but never deadlock.
 *
 * Finishing attempts, for one attempt or a whole batch: the score is the sum of the fractions stored with each answer
 * (scored when saved) times the points per question. One statement, whatever the number of attempts.
 * `submitted_at` is the moment of submission, never later than the deadline.
 */
const finishSql = (
  where: string,
  submittedAt: string,
  finishedBy: string,
  prediction: string,
  lock = 'FOR UPDATE',
  returning = 'a.id',
  inputs = '',
) => `
  WITH ${inputs ? `${inputs},` : ''}
  target AS (SELECT a.id FROM quiz_attempt a WHERE ${where} ORDER BY a.id ${lock}),
  sums AS (
    SELECT t.id, coalesce(sum(q.fraction), 0) AS f, count(q.attempt_id) FILTER (WHERE q.correct) AS c,
      count(q.attempt_id) AS n
    FROM target t LEFT JOIN quiz_answer q ON q.attempt_id = t.id GROUP BY t.id)
  UPDATE quiz_attempt a SET status = 'submitted', finished_by = ${finishedBy},
    submitted_at = ${submittedAt},
    duration_ms = greatest(0, round(extract(epoch FROM (${submittedAt} - a.started_at)) * 1000))::int,
    score = round((s.f * a.points_per_question)::numeric, 6)::float8,
    correct_count = s.c, answered_count = s.n, prediction = ${prediction}
  FROM sums s WHERE a.id = s.id AND a.status = 'in_progress'
  RETURNING ${returning}`;

/**
 * "This person has no attempt in these contexts yet", for one row of a batch: a subquery run per row through the
 * user_id index rather than NOT EXISTS, which PostgreSQL turns into an anti-join it may run by hashing the whole of
 * quiz_attempt (the plan it makes when it believes the table small; see REPLAN_EVERY_MS).
 */
const hasNoAttempt = (userId: string, contextIds: string) =>
  `(SELECT 1 FROM quiz_attempt p WHERE p.user_id = ${userId} AND p.context_id = ANY(${contextIds}) LIMIT 1) IS NULL`;

/** The named statements of a start's hot path (see `prepared`), by name. */
export const NAMED_STATEMENTS = {
  quiz_insert_first_attempts: `INSERT INTO quiz_attempt AS a (context_id, user_id, attempt_no, deadline, max_score, points_per_question, seed,
           paper, ip, device_id)
         SELECT i.context_id, i.user_id, 1, ${deadlineRule.atStart('i.duration_seconds', 'i.hard_deadline')},
           i.max_score, i.points_per_question, i.seed, i.paper, i.ip, i.device_id
         FROM jsonb_to_recordset($1::jsonb) AS i(context_id uuid, user_id uuid, related uuid[], duration_seconds int,
           hard_deadline timestamptz, max_score float8, points_per_question float8, seed text, paper jsonb, ip text,
           device_id text)
         WHERE ${hasNoAttempt('i.user_id', 'i.related')}
         -- Concurrent batches take the unique index entries in one order, so they wait for one another, never deadlock.
         ORDER BY i.context_id, i.user_id
         ON CONFLICT DO NOTHING
         RETURNING a.id, a.user_id AS "userId", a.context_id AS "contextId", a.seed, a.deadline`,
  quiz_start_from_pool: `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(ord int, context_id uuid, user_id uuid, related uuid[],
           duration_seconds int, hard_deadline timestamptz, points_per_question float8, pool_key text, paper_id uuid,
           ip text, device_id text)),
       first AS (
         SELECT DISTINCT ON (i.context_id, i.user_id) i.* FROM input i WHERE ${hasNoAttempt('i.user_id', 'i.related')}
         ORDER BY i.context_id, i.user_id, i.ord),
       -- The papers proposed by the caller, found by their key when still free (one lookup each, whatever the size of
       -- the pool when the statement was planned: see hasNoAttempt).
       proposed AS (
         SELECT f.ord, p.id, p.max_score, p.paper FROM first f CROSS JOIN LATERAL (
           SELECT p.id, p.max_score, p.paper FROM quiz_paper p
           WHERE p.id = f.paper_id AND p.context_id = f.context_id AND p.pool_key = f.pool_key
           LIMIT 1 FOR UPDATE SKIP LOCKED) p),
       rest AS (
         SELECT f.*, row_number() OVER (PARTITION BY f.context_id, f.pool_key ORDER BY f.ord) AS n FROM first f
         WHERE f.ord NOT IN (SELECT ord FROM proposed)),
       wanted AS (SELECT context_id, pool_key, count(*) AS n FROM rest GROUP BY context_id, pool_key),
       -- The others take any free paper of the pools: held with SKIP LOCKED, so concurrent batches take different ones.
       held AS (
         SELECT q.*, row_number() OVER (PARTITION BY q.context_id, q.pool_key ORDER BY q.id) AS n
         FROM wanted w CROSS JOIN LATERAL (
           SELECT p.id, p.context_id, p.pool_key, p.max_score, p.paper FROM quiz_paper p
           WHERE p.context_id = w.context_id AND p.pool_key = w.pool_key AND p.id NOT IN (SELECT id FROM proposed)
           LIMIT w.n FOR UPDATE SKIP LOCKED) q),
       assigned AS (
         SELECT f.ord, f.context_id, f.user_id, f.duration_seconds, f.hard_deadline, f.points_per_question, f.ip,
           f.device_id, p.id AS paper_id, p.max_score, p.paper, true AS proposed
         FROM first f JOIN proposed p ON p.ord = f.ord
         UNION ALL
         SELECT r.ord, r.context_id, r.user_id, r.duration_seconds, r.hard_deadline, r.points_per_question, r.ip,
           r.device_id, h.id, h.max_score, h.paper, false
         FROM rest r JOIN held h ON h.context_id = r.context_id AND h.pool_key = r.pool_key AND h.n = r.n),
       started AS (
         INSERT INTO quiz_attempt AS a (context_id, user_id, attempt_no, deadline, max_score, points_per_question, seed,
           paper, ip, device_id)
         SELECT x.context_id, x.user_id, 1, ${deadlineRule.atStart('x.duration_seconds', 'x.hard_deadline')},
           x.max_score, x.points_per_question, x.paper_id::text, x.paper, x.ip, x.device_id
         FROM assigned x
         -- Concurrent batches take the unique index entries in one order, so they wait for one another, never deadlock.
         ORDER BY x.context_id, x.user_id
         ON CONFLICT DO NOTHING
         RETURNING a.id, a.context_id, a.user_id, a.seed, a.deadline, a.max_score),
       taken AS (DELETE FROM quiz_paper p USING started s WHERE p.id = s.seed::uuid)
       SELECT i.ord, f.ord IS NOT NULL AS first, x.ord IS NOT NULL AS assigned, s.id, s.deadline, s.seed,
         s.max_score AS "maxScore", CASE WHEN s.id IS NULL OR x.proposed THEN NULL ELSE x.paper END AS paper
       FROM input i LEFT JOIN first f ON f.ord = i.ord
         LEFT JOIN started s ON f.ord IS NOT NULL AND s.context_id = i.context_id AND s.user_id = i.user_id
         LEFT JOIN assigned x ON x.ord = i.ord`,
};

/** The driver's pool of `pg` clients (TypeORM's, shared with every other statement). */
interface PgPool {
  connect(): Promise<PgClient>;
}
interface PgClient {
  query(config: string | { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  release(destroy?: Error): void;
}

/**
 * How long a connection keeps its plans of the named statements before it makes them again (`DISCARD PLANS`).
 * PostgreSQL keeps a named statement's generic plan until a table it reads changes shape or statistics: a plan made
 * while quiz_attempt was small (a new deployment's first round) hashed the whole table for every batch as it grew —
 * 105 ms a batch at 200,000 attempts against 6 ms planned afresh (EXPLAIN ANALYZE, bench/RESULTS.md #19). Made again
 * this often, a plan is never older than the tables by more than this; it costs each connection five plannings
 * (PostgreSQL tries custom plans five times before it settles on a generic one), ≈ 30 ms of the database's CPU.
 */
export const REPLAN_EVERY_MS = 30_000;

@Injectable()
export class AttemptRepository {
  /** When each connection of the pool last made its plans of the named statements afresh (REPLAN_EVERY_MS). */
  private readonly plannedAt = new WeakMap<PgClient, number>();
  /** The clock of REPLAN_EVERY_MS (a test moves it). */
  clock: () => number = Date.now;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A statement of an opening rush's hot path, named: each connection of the pool prepares it once and PostgreSQL
   * plans it there once (its one parameter, a batch as JSON, tells the planner nothing more), instead of planning
   * the whole statement for every batch — 5–8 ms of PostgreSQL's CPU per batch for the pooled start, more than
   * executing a batch of 50 starts costs (EXPLAIN ANALYZE, bench/RESULTS.md #19). Same rows as `dataSource.query`.
   */
  private async prepared<T>(name: keyof typeof NAMED_STATEMENTS, values: unknown[]): Promise<T[]> {
    const text = NAMED_STATEMENTS[name];
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return this.dataSource.query(text, values);
    const client = await pool.connect();
    try {
      const now = this.clock();
      const planned = this.plannedAt.get(client);
      if (planned !== undefined && now - planned >= REPLAN_EVERY_MS) await client.query('DISCARD PLANS');
      if (planned === undefined || now - planned >= REPLAN_EVERY_MS) this.plannedAt.set(client, now);
      const { rows } = await client.query({ name, text, values });
      client.release();
      return rows as T[];
    } catch (error) {
      // As pg's own pool.query does: a connection a statement failed on is not reused.
      client.release(error as Error);
      throw error;
    }
  }

  /** A person's attempts in the given contexts (a contest's rounds): to count them and to know what they saw. */
  async findForPerson(userId: string, contextIds: string[]): Promise<AttemptRow[]> {
    return this.dataSource.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempt a WHERE a.user_id = $1 AND a.context_id = ANY($2::uuid[])
       ORDER BY a.attempt_no`,
      [userId, contextIds],
    );
  }

  /**
   * First attempts of many people in one statement (the round's opening rush): each is inserted only when its person
   * has no attempt in the related contexts yet — the paper was drawn with nothing seen — and unless a concurrent start
   * got there first (the unique indexes decide). Returns, per attempt in order, its id and deadline, or null when it
   * was not inserted (the caller then takes the general path).
   */
  async insertFirstAttempts(attempts: FirstAttemptWrite[]): Promise<({ id: string; deadline: Date } | null)[]> {
    const rows: { id: string; userId: string; contextId: string; seed: string; deadline: Date }[] = await this.prepared(
      'quiz_insert_first_attempts',
      [
        JSON.stringify(
          attempts.map((a) => ({
            context_id: a.contextId,
            user_id: a.userId,
            related: a.relatedContextIds,
            duration_seconds: a.durationSeconds,
            hard_deadline: a.hardDeadline,
            max_score: a.maxScore,
            points_per_question: a.pointsPerQuestion,
            seed: a.seed,
            paper: a.paper,
            ip: a.ip,
            device_id: a.deviceId,
          })),
        ),
      ],
    );
    // The seed tells two starts of one person in one batch apart: only the one whose paper was stored gets the row.
    const inserted = new Map(rows.map((r) => [`${r.contextId}/${r.userId}/${r.seed}`, r]));
    return attempts.map((a) => {
      const row = inserted.get(`${a.contextId}/${a.userId}/${a.seed}`);
      return row ? { id: row.id, deadline: row.deadline } : null;
    });
  }

  /**
   * First starts of many people in one statement, each taking a paper drawn ahead of time: a person with no attempt in
   * the related contexts yet (papers in the pool were drawn with nothing seen) takes a free paper of the pool key, and
   * the paper leaves the pool in the statement that inserts the attempt, so it is taken once. Papers are held with
   * SKIP LOCKED (concurrent batches take different ones without waiting); a paper whose insert lost a race to another
   * start of the same person is only held, never deleted, and goes back to the pool at commit. The deadline is fixed
   * here, by the database's clock, at the real start.
   */
  async startFromPool(starts: PooledStartWrite[]): Promise<PooledStart[]> {
    const rows: {
      ord: number;
      first: boolean;
      assigned: boolean;
      id: string | null;
      deadline: Date;
      seed: string;
      maxScore: number;
      paper: PaperItem[] | null;
    }[] = await this.prepared('quiz_start_from_pool', [
      JSON.stringify(
        starts.map((a, ord) => ({
          ord,
          context_id: a.contextId,
          user_id: a.userId,
          related: a.relatedContextIds,
          duration_seconds: a.durationSeconds,
          hard_deadline: a.hardDeadline,
          points_per_question: a.pointsPerQuestion,
          pool_key: a.poolKey,
          paper_id: a.proposedPaperId,
          ip: a.ip,
          device_id: a.deviceId,
        })),
      ),
    ]);
    const out: PooledStart[] = starts.map(() => ({ kind: 'not-first' }));
    for (const r of rows) {
      if (r.id)
        out[r.ord] = {
          kind: 'started',
          id: r.id,
          deadline: r.deadline,
          seed: r.seed,
          maxScore: r.maxScore,
          paper: r.paper,
        };
      // A first start that found a paper but lost to another start of the person is no sign of an empty pool.
      else if (r.first && !r.assigned) out[r.ord] = { kind: 'no-paper' };
    }
    return out;
  }

  /** Stores papers drawn ahead of time in a context's pool, in one statement. */
  async insertPapers(contextId: string, poolKey: string, papers: DrawnPaper[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO quiz_paper (id, context_id, pool_key, max_score, paper)
       SELECT i.id, $1, $2, i.max_score, i.paper FROM jsonb_to_recordset($3::jsonb) AS i(id uuid, max_score float8, paper jsonb)`,
      [contextId, poolKey, JSON.stringify(papers.map((p) => ({ id: p.id, max_score: p.maxScore, paper: p.paper })))],
    );
  }

  /** Fresh statistics of the pools (after drawing many papers): the start's cached plans are made again from them. */
  async analyzePapers(): Promise<void> {
    await this.dataSource.query('ANALYZE quiz_paper');
  }

  /** Free papers of a context's pool drawn from these pools; papers drawn from other (older) pools are deleted. */
  async freePapers(contextId: string, poolKey: string): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `WITH stale AS (DELETE FROM quiz_paper WHERE context_id = $1 AND pool_key <> $2)
       SELECT count(*)::int AS n FROM quiz_paper WHERE context_id = $1 AND pool_key = $2`,
      [contextId, poolKey],
    );
    return rows[0]!.n;
  }

  /** A closed context's pool: nobody can start any more, so its papers are deleted. */
  async discardPapers(contextId: string, m: EntityManager = this.dataSource.manager): Promise<void> {
    await m.query('DELETE FROM quiz_paper WHERE context_id = $1', [contextId]);
  }

  /**
   * Inserts the person's next attempt, or returns null when another start got there first: the unique indexes on
   * (context, person, number) and on the one attempt in progress decide races, so no lock or transaction is needed
   * and a start is one read and one write.
   */
  async insertUnlessTaken(a: NewAttempt & { attemptNo: number }): Promise<AttemptRow | null> {
    try {
      const rows: AttemptRow[] = await this.dataSource.query(
        `INSERT INTO quiz_attempt AS a (context_id, user_id, attempt_no, deadline, max_score, points_per_question, seed,
           paper, ip, device_id)
         VALUES ($1, $2, $3, ${deadlineRule.atStart('$4', '$5')}, $6, $7, $8, $9, $10, $11)
         RETURNING ${ATTEMPT_COLUMNS}`,
        [
          a.contextId,
          a.userId,
          a.attemptNo,
          a.durationSeconds,
          a.hardDeadline,
          a.maxScore,
          a.pointsPerQuestion,
          a.seed,
          JSON.stringify(a.paper),
          a.ip,
          a.deviceId,
        ],
      );
      return rows[0]!;
    } catch (error) {
      if (uniqueViolation(error) !== null) return null;
      throw error;
    }
  }

  async findById(id: string, m: EntityManager = this.dataSource.manager): Promise<AttemptRow | null> {
    const rows: AttemptRow[] = await m.query(`SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempt a WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Saves answers of many attempts in one statement, durably, each only while its attempt is open by the database's
   * clock: the deadline guard and the upsert are one statement, so it holds across instances and restarts. FOR SHARE
   * waits for a concurrent submit and re-checks, so an acknowledged answer is never left out of a score. Returns, per
   * answer in order, when it was saved, or null when nothing was written (not the owner's, closed, past deadline).
   * Two answers to one question in one batch: the later one is written and both get its time (callers have already
   * checked that the attempt is the caller's, so both come from its owner).
   */
  async upsertAnswers(answers: AnswerWrite[]): Promise<(Date | null)[]> {
    const key = (a: { attemptId: string; questionId: string }) => `${a.attemptId}/${a.questionId}`;
    const last = new Map(answers.map((a) => [key(a), a]));
    const rows: { attemptId: string; questionId: string; savedAt: Date }[] = await this.dataSource.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(attempt_id uuid, user_id uuid, question_id uuid, value jsonb,
           fraction float8, correct bool)),
       open AS (
         SELECT a.id FROM quiz_attempt a
         WHERE (a.id, a.user_id) IN (SELECT attempt_id, user_id FROM input) AND a.status = 'in_progress'
           AND ${deadlineRule.open('a.deadline')}
         ORDER BY a.id FOR SHARE)
       INSERT INTO quiz_answer (attempt_id, question_id, value, fraction, correct, saved_at)
       SELECT i.attempt_id, i.question_id, i.value, i.fraction, i.correct, now() FROM input i JOIN open o ON o.id = i.attempt_id
       ON CONFLICT (attempt_id, question_id) DO UPDATE
         SET value = excluded.value, fraction = excluded.fraction, correct = excluded.correct, saved_at = excluded.saved_at
       RETURNING attempt_id AS "attemptId", question_id AS "questionId", saved_at AS "savedAt"`,
      [
        JSON.stringify(
          [...last.values()].map((a) => ({
            attempt_id: a.attemptId,
            user_id: a.userId,
            question_id: a.questionId,
            value: a.value,
            fraction: a.fraction,
            correct: a.correct,
          })),
        ),
      ],
    );
    const saved = new Map(rows.map((r) => [key(r), r.savedAt]));
    return answers.map((a) => saved.get(key(a)) ?? null);
  }

  /**
   * Participants' submissions, many in one statement: now, or the deadline if that came first (late beyond grace: no
   * prediction). Returns, per submission in order, the finished attempt, or null when it was not that person's open
   * attempt (already submitted, someone else's, unknown).
   */
  async finishByParticipants(
    submissions: { attemptId: string; userId: string; prediction: number | null }[],
  ): Promise<(AttemptSummary | null)[]> {
    // Without the paper: ≈ 5 KB of TOASTed jsonb per attempt read and parsed for nothing (the result needs none of it).
    const rows = returnedRows<AttemptSummary>(
      await this.dataSource.query(
        finishSql(
          `(a.id, a.user_id) IN (SELECT id, user_id FROM submission) AND a.status = 'in_progress'`,
          'least(now(), a.deadline)',
          `CASE WHEN ${deadlineRule.open('a.deadline')} THEN 'participant' ELSE 'deadline' END`,
          `CASE WHEN ${deadlineRule.open('a.deadline')} THEN (SELECT prediction FROM submission WHERE id = a.id LIMIT 1) END`,
          'FOR UPDATE',
          SUMMARY_COLUMNS,
          `submission AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(id uuid, user_id uuid, prediction int))`,
        ),
        [JSON.stringify(submissions.map((x) => ({ id: x.attemptId, user_id: x.userId, prediction: x.prediction })))],
      ),
    );
    const finished = new Map(rows.map((r) => [r.id, r]));
    // A double submit in one batch: the first of the two gets the attempt, the other reads it as already submitted.
    return submissions.map((x) => {
      const row = finished.get(x.attemptId);
      if (!row || row.userId !== x.userId) return null;
      finished.delete(x.attemptId);
      return row;
    });
  }

  /** The deadline sweep: attempts left open past deadline + grace are finished at their deadline with what was saved. */
  async finishExpired(limit: number, m: EntityManager = this.dataSource.manager): Promise<number> {
    const rows = returnedRows(
      await m.query(
        finishSql(
          `a.id IN (SELECT x.id FROM quiz_attempt x WHERE x.status = 'in_progress'
           AND ${deadlineRule.expired('x.deadline')} ORDER BY x.deadline LIMIT ${Math.floor(limit)})`,
          'a.deadline',
          "'deadline'",
          'NULL::int',
          // Several instances sweep at once: each takes the rows nobody else holds.
          'FOR UPDATE SKIP LOCKED',
        ),
      ),
    );
    return rows.length;
  }

  /** Closing a context (a round): every attempt still open is finished now, in one statement. */
  async finishAllOpen(m: EntityManager, contextId: string): Promise<number> {
    const rows = returnedRows(
      await m.query(
        finishSql(`a.context_id = $1 AND a.status = 'in_progress'`, 'least(now(), a.deadline)', "'close'", 'NULL::int'),
        [contextId],
      ),
    );
    return rows.length;
  }

  /** One attempt found open past its deadline when its owner starts again: finished at its deadline first. */
  async finishExpiredAttempt(attemptId: string): Promise<void> {
    await this.dataSource.query(
      finishSql(`a.id = $1 AND a.status = 'in_progress'`, 'a.deadline', "'deadline'", 'NULL::int'),
      [attemptId],
    );
  }

  async answersOf(attemptId: string): Promise<{ questionId: string; value: AnswerValue; fraction: number }[]> {
    return this.dataSource.query(
      `SELECT question_id AS "questionId", value, fraction FROM quiz_answer WHERE attempt_id = $1`,
      [attemptId],
    );
  }

  /** Answers to some questions across a context's submitted attempts, for a regrade; keyed by attempt's version. */
  async answersToQuestions(
    contextId: string,
    questionIds: string[],
  ): Promise<{ attemptId: string; questionId: string; versionId: string; value: AnswerValue; fraction: number }[]> {
    return this.dataSource.query(
      `SELECT q.attempt_id AS "attemptId", q.question_id AS "questionId", p->>'versionId' AS "versionId", q.value, q.fraction
       FROM quiz_attempt a
       JOIN quiz_answer q ON q.attempt_id = a.id
       CROSS JOIN LATERAL jsonb_array_elements(a.paper) p
       WHERE a.context_id = $1 AND q.question_id = ANY($2::uuid[]) AND p->>'questionId' = q.question_id::text`,
      [contextId, questionIds],
    );
  }

  /** Versions drawn into a context's papers, per question. */
  async versionsInContext(contextId: string): Promise<{ questionId: string; versionId: string }[]> {
    return this.dataSource.query(
      `SELECT DISTINCT p->>'questionId' AS "questionId", p->>'versionId' AS "versionId"
       FROM quiz_attempt a CROSS JOIN LATERAL jsonb_array_elements(a.paper) p WHERE a.context_id = $1`,
      [contextId],
    );
  }

  /** Writes rescored answers and re-sums the scores of the attempts touched; returns old and new scores. */
  async applyRegrade(
    m: EntityManager,
    changes: { attemptId: string; questionId: string; fraction: number; correct: boolean }[],
  ): Promise<{ attemptId: string; oldScore: number; newScore: number }[]> {
    if (!changes.length) return [];
    await m.query(
      `UPDATE quiz_answer q SET fraction = c.fraction, correct = c.correct
       FROM unnest($1::uuid[], $2::uuid[], $3::float8[], $4::bool[]) AS c(attempt_id, question_id, fraction, correct)
       WHERE q.attempt_id = c.attempt_id AND q.question_id = c.question_id`,
      [
        changes.map((c) => c.attemptId),
        changes.map((c) => c.questionId),
        changes.map((c) => c.fraction),
        changes.map((c) => c.correct),
      ],
    );
    return returnedRows(
      await m.query(
        `WITH ids AS (SELECT DISTINCT unnest($1::uuid[]) AS id),
       old AS (SELECT a.id, a.score FROM quiz_attempt a JOIN ids ON ids.id = a.id),
       sums AS (SELECT q.attempt_id AS id, sum(q.fraction) AS f, count(*) FILTER (WHERE q.correct) AS c
                FROM quiz_answer q JOIN ids ON ids.id = q.attempt_id GROUP BY q.attempt_id)
       UPDATE quiz_attempt a SET score = round((s.f * a.points_per_question)::numeric, 6)::float8, correct_count = s.c
       FROM sums s, old WHERE a.id = s.id AND old.id = a.id AND a.status = 'submitted'
       RETURNING a.id AS "attemptId", old.score AS "oldScore", a.score AS "newScore"`,
        [changes.map((c) => c.attemptId)],
      ),
    );
  }
}
