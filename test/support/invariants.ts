import type { AnswerValue, QuestionSnapshot } from '../../libs/contracts/src/index.js';
import type {
  LiveAnswerRecord,
  LiveGameConfig,
  LivePlayerRecord,
  LiveStateStore,
} from '../../libs/live-contest/src/index.js';
import { answerPoints, applyRound, type RoundAnswer, type ScoredPlayer } from '../../libs/live-contest/src/scoring.js';
import { PgQuestionBankReader } from '../../libs/question-bank/src/questions/pg-question-bank.reader.js';
import { ANSWER_GRACE_SECONDS, scoreAnswer, type PaperItem } from '../../libs/quiz-engine/src/index.js';

/**
 * The invariants every fault test ends on (#20): whatever was injected, what the clients were told must match what
 * the stores hold. Each check returns violations rather than throwing, so a test prints all of them at once and the
 * checker itself can be tested on planted faults.
 */
export type Invariant =
  | 'acknowledged-answer-missing'
  | 'duplicate'
  | 'score-mismatch'
  | 'past-deadline'
  | 'key-before-close'
  | 'idle-in-transaction';

export interface Violation {
  invariant: Invariant;
  detail: string;
}

/** pg.Client or pg.Pool: the checker reads through plain SQL, never through the app it checks. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

// ---------------------------------------------------------------------------------------------------------------
// Contest rounds

/** One save as the client sent it; `ackedAt` is null when no 200 came back (failed, or lost in a fault). */
export interface ContestSave {
  attemptId: string;
  questionId: string;
  answer: AnswerValue;
  sentAt: number;
  ackedAt: number | null;
}

/** What the participants' clients saw, in the order they saw it. */
export interface ContestLog {
  /** Every attempt a client was given by a start or a resume. */
  attempts: { roundId: string; userId: string; attemptId: string }[];
  /** Every save sent, retries included. */
  saves: ContestSave[];
  /** The results clients were told on submission. */
  submits: { attemptId: string; score: number }[];
  /** Response bodies received before the attempt was submitted (papers, resumes, save acknowledgements). */
  received: { attemptId: string; body: unknown }[];
}

/** Field names that carry a key (which option is right, the accepted answers, the tolerance). */
const KEY_FIELDS = new Set(['fraction', 'correct', 'tolerance', 'correctOptionIds', 'caseSensitive', 'answer']);

/** Paths in `value` of objects holding a key field, each with the question index nearest above it (if any). */
function keyFieldsIn(
  value: unknown,
  path = '$',
  index: number | null = null,
): { path: string; index: number | null }[] {
  if (value === null || typeof value !== 'object') return [];
  const found: { path: string; index: number | null }[] = [];
  const record = value as Record<string, unknown>;
  const here = Array.isArray(value)
    ? index
    : typeof record.index === 'number'
      ? record.index
      : typeof record.questionIndex === 'number'
        ? record.questionIndex
        : index;
  for (const [k, v] of Object.entries(record)) {
    const p = Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`;
    if (!Array.isArray(value) && KEY_FIELDS.has(k)) found.push({ path: p, index: here });
    // A paper's questions never carry accepted answers; a resume's own `answers` map (outside questions) is fine.
    else if (!Array.isArray(value) && k === 'answers' && /\.questions\[\d+\]$/.test(path))
      found.push({ path: p, index: here });
    found.push(...keyFieldsIn(v, p, here));
  }
  return found;
}

/** The question snapshots of the given versions, read by the question bank's own reader (keys and all). */
async function snapshotsOf(db: Queryable, versionIds: string[]): Promise<Map<string, QuestionSnapshot>> {
  const dataSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows };
  // Only getVersions is used: it needs the data source, not the bank access checks.
  const reader = new PgQuestionBankReader(dataSource as never, undefined as never);
  return reader.getVersions(versionIds);
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}
const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

export async function checkContest(db: Queryable, log: ContestLog): Promise<Violation[]> {
  const violations: Violation[] = [];
  const add = (invariant: Invariant, detail: string) => violations.push({ invariant, detail });
  const roundIds = [...new Set(log.attempts.map((a) => a.roundId))];
  const userIds = [...new Set(log.attempts.map((a) => a.userId))];
  const attempts = (
    await db.query(
      `SELECT id, context_id AS "roundId", user_id AS "userId", status, score, correct_count AS "correctCount",
         answered_count AS "answeredCount", points_per_question AS "pointsPerQuestion", paper,
         submitted_at > deadline + make_interval(secs => $3) AS "submittedLate"
       FROM quiz_attempt WHERE context_id = ANY($1::uuid[]) AND user_id = ANY($2::uuid[])`,
      [roundIds, userIds, ANSWER_GRACE_SECONDS],
    )
  ).rows as {
    id: string;
    roundId: string;
    userId: string;
    status: string;
    score: number | null;
    correctCount: number | null;
    answeredCount: number | null;
    pointsPerQuestion: number;
    paper: PaperItem[];
    submittedLate: boolean | null;
  }[];
  const answerRows = (
    await db.query(
      `SELECT q.attempt_id AS "attemptId", q.question_id AS "questionId", q.value, q.fraction, q.correct,
         q.saved_at > a.deadline + make_interval(secs => $2) AS "savedLate"
       FROM quiz_answer q JOIN quiz_attempt a ON a.id = q.attempt_id WHERE q.attempt_id = ANY($1::uuid[])`,
      [attempts.map((a) => a.id), ANSWER_GRACE_SECONDS],
    )
  ).rows as {
    attemptId: string;
    questionId: string;
    value: AnswerValue;
    fraction: number;
    correct: boolean;
    savedLate: boolean;
  }[];
  const stored = new Map(answerRows.map((r) => [`${r.attemptId}/${r.questionId}`, r]));

  // No duplicate: every attempt of these people in these rounds is one a client was given (a retried start that
  // created a second attempt would show here), and never two rows for one answer.
  const given = new Set(log.attempts.map((a) => a.attemptId));
  const pairs = new Set(log.attempts.map((a) => `${a.roundId}/${a.userId}`));
  for (const a of attempts)
    if (pairs.has(`${a.roundId}/${a.userId}`) && !given.has(a.id))
      add('duplicate', `attempt ${a.id} of user ${a.userId} was never given to the client`);
  const rowsPerAnswer = new Map<string, number>();
  for (const r of answerRows) {
    const k = `${r.attemptId}/${r.questionId}`;
    rowsPerAnswer.set(k, (rowsPerAnswer.get(k) ?? 0) + 1);
  }
  for (const [k, n] of rowsPerAnswer) if (n > 1) add('duplicate', `${n} stored rows for answer ${k}`);

  // No acknowledged answer missing: the stored answer is the last acknowledged one, or one sent after it (a save in
  // flight at a fault may have committed without its acknowledgement reaching the client).
  const savesByAnswer = new Map<string, ContestSave[]>();
  for (const s of log.saves) {
    const k = `${s.attemptId}/${s.questionId}`;
    savesByAnswer.set(k, [...(savesByAnswer.get(k) ?? []), s]);
  }
  for (const [k, saves] of savesByAnswer) {
    const ordered = [...saves].sort((a, b) => a.sentAt - b.sentAt);
    const lastAcked = ordered.findLastIndex((s) => s.ackedAt !== null);
    const row = stored.get(k);
    if (lastAcked < 0) {
      if (row && !ordered.some((s) => sameValue(s.answer, row.value)))
        add('acknowledged-answer-missing', `answer ${k} holds ${JSON.stringify(row.value)}, which was never sent`);
      continue;
    }
    const allowed = ordered.slice(lastAcked);
    if (!row) add('acknowledged-answer-missing', `answer ${k} was acknowledged but is not stored`);
    else if (!allowed.some((s) => sameValue(s.answer, row.value)))
      add(
        'acknowledged-answer-missing',
        `answer ${k} holds ${JSON.stringify(row.value)}; acknowledged was ${JSON.stringify(ordered[lastAcked]!.answer)}`,
      );
  }

  // Scores equal a recomputation with the quiz engine's own scoring, from the stored answers and the versions' keys.
  const snapshots = await snapshotsOf(db, [...new Set(attempts.flatMap((a) => a.paper.map((p) => p.versionId)))]);
  const told = new Map(log.submits.map((s) => [s.attemptId, s.score]));
  for (const a of attempts) {
    if (a.submittedLate) add('past-deadline', `attempt ${a.id} was submitted after its deadline + grace`);
    const onPaper = new Set(a.paper.map((p) => p.questionId));
    let fractions = 0;
    let correct = 0;
    let answered = 0;
    for (const item of a.paper) {
      const row = stored.get(`${a.id}/${item.questionId}`);
      if (!row) continue;
      answered++;
      if (row.savedLate) add('past-deadline', `answer ${a.id}/${item.questionId} was saved after deadline + grace`);
      const snapshot = snapshots.get(item.versionId);
      if (!snapshot) {
        add('score-mismatch', `attempt ${a.id}: version ${item.versionId} of its paper is gone`);
        continue;
      }
      const expected = scoreAnswer(snapshot, row.value);
      if (!close(expected.fraction, row.fraction) || expected.correct !== row.correct)
        add(
          'score-mismatch',
          `answer ${a.id}/${item.questionId}: stored ${row.fraction}/${row.correct}, recomputed ${expected.fraction}/${expected.correct}`,
        );
      fractions += expected.fraction;
      if (expected.correct) correct++;
    }
    for (const r of answerRows)
      if (r.attemptId === a.id && !onPaper.has(r.questionId))
        add('score-mismatch', `attempt ${a.id} holds an answer to ${r.questionId}, which is not on its paper`);
    if (a.status !== 'submitted') continue;
    // The repository rounds to 6 decimals; so does the recomputation.
    const score = Math.round(fractions * a.pointsPerQuestion * 1e6) / 1e6;
    if (a.score === null || !close(a.score, score) || a.correctCount !== correct || a.answeredCount !== answered)
      add(
        'score-mismatch',
        `attempt ${a.id}: stored ${a.score}/${a.correctCount}/${a.answeredCount}, recomputed ${score}/${correct}/${answered}`,
      );
    const toldScore = told.get(a.id);
    if (toldScore !== undefined && !close(toldScore, score))
      add('score-mismatch', `attempt ${a.id}: the participant was told ${toldScore}, recomputed ${score}`);
  }

  // No key in anything a participant received before submitting.
  for (const r of log.received)
    for (const hit of keyFieldsIn(r.body))
      add('key-before-close', `attempt ${r.attemptId}: a response before submission carries ${hit.path}`);
  return violations;
}

// ---------------------------------------------------------------------------------------------------------------
// Live games

export interface LiveAnswerAck {
  playerId: string;
  index: number;
  clientAnswerId: string;
  answer: AnswerValue;
  /** True when the server said it had counted this answer already. */
  duplicate: boolean;
}

export interface LiveLog {
  /** Every answer acknowledged ok. */
  answers: LiveAnswerAck[];
  /** Every message each player's socket received (events and acknowledgements), in the order received. */
  received: { playerId: string; event: string; payload: unknown }[];
}

/** The game as the live store holds it, read through the store's own port once its last question has closed. */
export interface LiveStoreView {
  config: LiveGameConfig;
  players: LivePlayerRecord[];
  /** Per question index, each player's recorded answer (with the client's id). */
  answers: Map<number, Map<string, LiveAnswerRecord>>;
}

export async function readLiveStore(store: LiveStateStore, gameId: string): Promise<LiveStoreView> {
  const config = await store.getConfig(gameId);
  if (!config) throw new Error(`game ${gameId} is not in the live store`);
  const players = await store.listPlayers(gameId);
  const answers = new Map<number, Map<string, LiveAnswerRecord>>();
  for (let index = 0; index < config.questions.length; index++) {
    const scored = await store.answersTo(gameId, index);
    const withIds = new Map<string, LiveAnswerRecord>();
    for (const [playerId, a] of scored)
      withIds.set(playerId, { ...a, clientAnswerId: (await store.answerIdOf(gameId, index, playerId)) ?? '' });
    answers.set(index, withIds);
  }
  return { config, players, answers };
}

export async function checkLive(
  view: LiveStoreView,
  log: LiveLog,
  options: {
    /** Latency allowance after a player's deadline (LiveSettings.graceMs of the instances). */
    graceMs: number;
    /** The final ranking written to PostgreSQL at the end (live_player), when the game has ended. */
    final?: { id: string; score: number; correctCount: number }[];
  },
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const add = (invariant: Invariant, detail: string) => violations.push({ invariant, detail });
  const { config } = view;
  const players = new Map(view.players.map((p) => [p.id, p]));

  // Acknowledged answers are all recorded, under the id the client gave, and no player counted twice for a question.
  const countedFor = new Map<string, string>();
  for (const a of log.answers) {
    const k = `${a.playerId}/${a.index}`;
    const recorded = view.answers.get(a.index)?.get(a.playerId);
    if (!recorded || recorded.clientAnswerId !== a.clientAnswerId)
      add('acknowledged-answer-missing', `player ${a.playerId}, question ${a.index}: ${a.clientAnswerId} not recorded`);
    const first = countedFor.get(k);
    if (!a.duplicate && first !== undefined && first !== a.clientAnswerId)
      add(
        'duplicate',
        `player ${a.playerId}, question ${a.index}: two answers counted (${first}, ${a.clientAnswerId})`,
      );
    if (!a.duplicate) countedFor.set(k, a.clientAnswerId);
  }

  // Each recorded answer: scored as the quiz engine scores the value the client sent, within the time allowed.
  const sent = new Map(log.answers.map((a) => [`${a.playerId}/${a.index}/${a.clientAnswerId}`, a.answer]));
  for (const [index, answers] of view.answers) {
    const question = config.questions[index]!;
    for (const [playerId, recorded] of answers) {
      const player = players.get(playerId);
      const limitMs = config.questionTimeMs + (player?.extraMs ?? 0);
      if (recorded.elapsedMs > limitMs + options.graceMs)
        add(
          'past-deadline',
          `player ${playerId}, question ${index}: answered ${recorded.elapsedMs} ms into ${limitMs} ms`,
        );
      const value = sent.get(`${playerId}/${index}/${recorded.clientAnswerId}`);
      if (!value) continue;
      const score = scoreAnswer(question, value);
      const points = answerPoints(config.scoring, score.fraction, recorded.elapsedMs, limitMs);
      // Speed points are computed from the unrounded time; the store keeps whole milliseconds.
      const slack = config.scoring === 'speed' ? 1 : 0;
      if (score.correct !== recorded.correct || Math.abs(points - recorded.points) > slack)
        add(
          'score-mismatch',
          `player ${playerId}, question ${index}: recorded ${recorded.correct}/${recorded.points}, recomputed ${score.correct}/${points}`,
        );
    }
  }

  // Totals: every closed question replayed through the engine's own applyRound, from the recorded answers.
  const closed = new Set(log.received.filter((m) => m.event === 'question:result').map((m) => indexOf(m.payload)));
  const replay: ScoredPlayer[] = [...view.players]
    .sort((a, b) => a.seq - b.seq)
    .map((p) => ({ ...p, score: 0, streak: 0, correctCount: 0, correctTimeMs: 0 }));
  for (let index = 0; index < config.questions.length; index++) {
    if (!closed.has(index)) continue;
    const round = new Map<string, RoundAnswer>(
      [...(view.answers.get(index) ?? new Map<string, LiveAnswerRecord>())].map(([id, a]) => [id, a]),
    );
    applyRound(replay, round, config.streaks);
  }
  const lastTotal = new Map<string, number>();
  for (const m of log.received)
    if (m.event === 'question:result') lastTotal.set(m.playerId, (m.payload as { total: number }).total);
  const final = new Map((options.final ?? []).map((p) => [p.id, p]));
  for (const p of replay) {
    const inStore = players.get(p.id)!;
    if (inStore.score !== p.score || inStore.correctCount !== p.correctCount)
      add(
        'score-mismatch',
        `player ${p.id}: store ${inStore.score}/${inStore.correctCount}, recomputed ${p.score}/${p.correctCount}`,
      );
    const told = lastTotal.get(p.id);
    if (told !== undefined && told !== p.score)
      add('score-mismatch', `player ${p.id}: was told a total of ${told}, recomputed ${p.score}`);
    const row = final.get(p.id);
    if (options.final && (!row || row.score !== p.score || row.correctCount !== p.correctCount))
      add(
        'score-mismatch',
        `player ${p.id}: final result ${row?.score}/${row?.correctCount}, recomputed ${p.score}/${p.correctCount}`,
      );
  }

  // No key before its question closed for that player: the close is the player's own question:result.
  const closedFor = new Map<string, Set<number>>();
  for (const m of log.received) {
    const done = closedFor.get(m.playerId) ?? new Set<number>();
    closedFor.set(m.playerId, done);
    const own = m.event === 'question:result' ? indexOf(m.payload) : null;
    for (const hit of keyFieldsIn(m.payload)) {
      const index = hit.index ?? indexOf(m.payload);
      if (index === own) continue;
      if (index === null || !done.has(index))
        add('key-before-close', `player ${m.playerId}: ${m.event} carries ${hit.path} before question ${index} closed`);
    }
    if (own !== null) done.add(own);
  }
  return violations;
}

const indexOf = (payload: unknown): number | null =>
  payload && typeof payload === 'object' && typeof (payload as { index?: unknown }).index === 'number'
    ? (payload as { index: number }).index
    : null;

// ---------------------------------------------------------------------------------------------------------------
// Connections

/**
 * Connections of the database left idle inside a transaction: one that has been so for more than a second is
 * leaked (a statement between two of a live transaction takes milliseconds), and holds its locks until it dies.
 */
export async function checkConnections(db: Queryable): Promise<Violation[]> {
  const rows = (
    await db.query(
      `SELECT pid, state, application_name AS app, now() - state_change AS "for", left(query, 120) AS query
       FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND state LIKE 'idle in transaction%' AND state_change < now() - interval '1 second'`,
    )
  ).rows;
  return rows.map((r) => ({
    invariant: 'idle-in-transaction' as const,
    detail: `backend ${r.pid} (${r.app || 'no name'}) ${r.state} since ${JSON.stringify(r.for)}: ${r.query}`,
  }));
}

/** A one-line summary per invariant for a failing assertion or a bench report. */
export function summarize(violations: Violation[]): string {
  return violations.map((v) => `${v.invariant}: ${v.detail}`).join('\n');
}
