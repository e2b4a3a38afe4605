import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AnswerValue, QuestionSnapshot } from '#contracts';
import { AppError, assertWellFormedText, WriteBatcher } from '#core';
import { QuestionBankReader } from '#question-bank';
import {
  AttemptRepository,
  type AnswerWrite,
  type AttemptRow,
  type AttemptSummary,
  type DrawnPaper,
  type FirstAttemptWrite,
  type NewAttempt,
  type PooledStart,
  type PooledStartWrite,
} from './attempt.repository.js';
import { drawPaper, type BlueprintEntry, type PaperItem } from './paper.js';
import { publicPaperJson } from './public-paper-json.js';
import { isAutoScored, scoreAnswer, validateAnswerShape } from './scoring.js';

/** What the engine needs to know about the thing an attempt belongs to (a contest round). */
export interface AttemptPolicy {
  contextId: string;
  /** Contexts whose earlier papers count as "seen" (a contest's rounds). */
  relatedContextIds: string[];
  maxAttempts: number;
  durationSeconds: number;
  /** No attempt runs past this (the round's close). */
  hardDeadline: Date;
  pointsPerQuestion: number;
  blueprint: BlueprintEntry[];
  /** The published pool for each blueprint line (cached by the caller). */
  pools: () => Promise<QuestionSnapshot[][]>;
}

export interface StartedAttempt {
  attemptId: string;
  attemptNo: number;
  deadline: Date;
  resumed: boolean;
  /** The paper's public form (`PublicQuestion[]`) as JSON (UTF-8): written when the paper was drawn ahead of time, or
   * built from fragments kept per question version. See `startResponseBody`. */
  questionsJson: Buffer;
  answers: Record<string, AnswerValue>;
}

export interface AttemptResult {
  attemptId: string;
  contextId: string;
  score: number;
  maxScore: number;
  correctCount: number;
  answeredCount: number;
  durationMs: number;
  submittedAt: Date;
  finishedBy: string;
  prediction: number | null;
}

interface CachedPaper {
  userId: string;
  contextId: string;
  questions: Map<string, QuestionSnapshot>;
}

const MAX_CACHED_PAPERS = 100_000;
const MAX_CACHED_VERSIONS = 50_000;
const MAX_REMEMBERED_STARTS = 200_000;
const SWEEP_EVERY_MS = 5_000;
const SWEEP_BATCH = 5_000;
/** Papers drawn ahead of time per statement; the drawing yields to the event loop between chunks (live requests
 * first). */
const PAPERS_PER_CHUNK = 250;
/** Papers drawn here kept in memory until taken: a start that takes one gets no paper back from the database. */
const MAX_PAPERS_KEPT = 20_000;
/** The kept papers' public form is written when they are drawn (≈ 5 KB each for 30 short choice questions), up to
 * this many bytes in all: a start then sends those bytes as they are. Papers beyond it are written at their start. */
const MAX_KEPT_JSON_BYTES = 64 * 1024 * 1024;
/** A pool with free papers is not topped up while its starts are coming (within this long on this instance): the
 * drawing would compete with the opening rush for the event loop and the database; it resumes once the rush is over
 * or the pool runs dry. */
const TOP_UP_QUIET_MS = 2_000;

/**
 * The timed-attempt engine: draws papers, keeps the server's deadline, saves and scores answers as they come, and
 * finishes attempts (by the participant, at the deadline, or when the context closes).
 * The answer path reads nothing but the in-memory paper (loaded once per attempt per instance) and writes one row.
 */
@Injectable()
export class AttemptService implements OnModuleInit, OnApplicationShutdown {
  private readonly papers = new Map<string, CachedPaper>();
  private readonly versions = new Map<string, QuestionSnapshot>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  /** Answer saves arriving together are written as one statement (see WriteBatcher): the database's cost per commit
   * is what limits saves on a small machine. */
  private readonly answerWrites = new WriteBatcher<AnswerWrite, Date | null>({
    write: (answers) => this.attempts.upsertAnswers(answers),
    name: 'answer saves',
    maxBatch: 500,
    maxInFlight: 4,
  });
  /** First starts arriving together are inserted as one statement, for the same reason. */
  private readonly firstStarts = new WriteBatcher<FirstAttemptWrite, { id: string; deadline: Date } | null>({
    write: (attempts) => this.attempts.insertFirstAttempts(attempts),
    name: 'first starts',
    maxBatch: 200,
    // Starts hold at most two of the pool's ten connections between them (one here, one taking papers drawn ahead),
    // saves four and submissions two: an opening rush never leaves the saves of those already in waiting for one.
    maxInFlight: 1,
  });
  /** First starts arriving together take papers drawn ahead of time in one statement, for the same reason. */
  private readonly pooledStarts = new WriteBatcher<PooledStartWrite, PooledStart>({
    write: (starts) => this.attempts.startFromPool(starts),
    name: 'pooled starts',
    maxBatch: 200,
    // One statement at a time: batches about twice as large as with two, so fewer statements, each with its own cost
    // (commit, WAL flush) — CPU per start 2.82–2.84× a save against 2.90–3.07× with two; start p99 still ≤ 160 ms at
    // 1,000 starts/s (bench/RESULTS.md, #19, seventh session).
    maxInFlight: 1,
  });
  /** Contexts whose pool may hold papers (this instance drew or counted some): other first starts skip the pool. */
  private readonly pooledContexts = new Set<string>();
  private readonly poolKeys = new WeakMap<QuestionSnapshot[][], string>();
  /** Free papers this instance drew, by id (with their public form as JSON while MAX_KEPT_JSON_BYTES allows), and
   * their ids per context in the order they are proposed to starts. */
  private readonly papersKept = new Map<string, { poolKey: string; paper: PaperItem[]; json: Buffer | null }>();
  private keptJsonBytes = 0;
  private readonly papersToPropose = new Map<string, string[]>();
  /** When a start last took a paper of each context's pool here (epoch ms). */
  private readonly lastPooledStart = new Map<string, number>();
  /** Submissions arriving together are finished in one statement, for the same reason. */
  private readonly submissions = new WriteBatcher<
    { attemptId: string; userId: string; prediction: number | null },
    AttemptSummary | null
  >({
    write: (submissions) => this.attempts.finishByParticipants(submissions),
    name: 'submissions',
    maxBatch: 200,
    maxInFlight: 2,
  });
  private readonly poolIndexes = new WeakMap<QuestionSnapshot[][], Map<string, QuestionSnapshot>>();
  /** People (per context) known to have started here before: their starts skip the first-start path. */
  private readonly startedBefore = new Set<string>();

  constructor(
    private readonly attempts: AttemptRepository,
    private readonly bank: QuestionBankReader,
  ) {}

  onModuleInit(): void {
    this.sweepTimer = setInterval(() => void this.sweepExpired(), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  /** Finishes every attempt past its deadline; runs every few seconds on every instance (rows are skip-locked). */
  async sweepExpired(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    let total = 0;
    try {
      for (;;) {
        const n = await this.attempts.finishExpired(SWEEP_BATCH);
        total += n;
        if (n < SWEEP_BATCH) break;
      }
    } catch {
      // The database may be restarting; the next sweep picks the work up.
    } finally {
      this.sweeping = false;
    }
    return total;
  }

  /**
   * Starts an attempt, or resumes the one in progress (same paper, same deadline). One read and one insert: when two
   * starts of one person race, the unique indexes let one insert win and the other reads again and resumes it.
   */
  async start(
    policy: AttemptPolicy,
    userId: string,
    client: { ip: string | null; deviceId: string | null },
  ): Promise<StartedAttempt> {
    const pools = await policy.pools();
    const contexts = [policy.contextId, ...policy.relatedContextIds.filter((id) => id !== policy.contextId)];
    const person = `${policy.contextId}/${userId}`;
    if (!this.startedBefore.has(person)) {
      const first = await this.startFirst(policy, contexts, userId, pools, client);
      this.rememberStarted(person);
      if (first) return first;
    }
    for (let tries = 0; ; tries++) {
      const mine = await this.attempts.findForPerson(userId, contexts);
      const here = mine.filter((a) => a.contextId === policy.contextId);
      const open = here.find((a) => a.status === 'in_progress');
      if (open && !open.expired) return this.started(open, true);
      if (open) {
        // Left open past its deadline while its owner was away: finished at the deadline, then a new one may start.
        await this.attempts.finishExpiredAttempt(open.id);
        continue;
      }
      if (here.length >= policy.maxAttempts) throw new AppError('ATTEMPT_LIMIT_REACHED');
      const seen = new Set(mine.flatMap((a) => a.paper.map((p) => p.questionId)));
      const seed = randomUUID();
      const drawn = drawPaper(policy.blueprint, pools, seen, seed);
      if (!drawn.ok) throw new AppError('BLUEPRINT_UNSATISFIABLE', { entry: drawn.entry, available: drawn.available });
      const attempt = await this.attempts.insertUnlessTaken({
        ...this.newAttempt(policy, userId, pools, drawn.paper, seed, client),
        attemptNo: here.length + 1,
      });
      if (attempt) return this.started(attempt, false);
      // Another start of this person won the race; a few rounds at most, since each loss means progress elsewhere.
      if (tries >= 5) throw new AppError('SERVICE_UNAVAILABLE');
    }
  }

  /**
   * The opening rush: most starts are a person's first in the contest, so their paper is drawn with nothing seen and
   * written with the other first starts of the moment in one statement. Null when the person turns out to have an
   * attempt already (the general path then resumes or counts it).
   */
  private async startFirst(
    policy: AttemptPolicy,
    contexts: string[],
    userId: string,
    pools: QuestionSnapshot[][],
    client: { ip: string | null; deviceId: string | null },
  ): Promise<StartedAttempt | null> {
    if (policy.maxAttempts < 1) return null;
    if (this.pooledContexts.has(policy.contextId)) {
      const poolKey = this.poolKeyOf(pools, policy.blueprint);
      const proposedPaperId = this.paperToPropose(policy.contextId, poolKey);
      const pooled = await this.pooledStarts.push({
        contextId: policy.contextId,
        userId,
        relatedContextIds: contexts,
        durationSeconds: policy.durationSeconds,
        hardDeadline: policy.hardDeadline,
        pointsPerQuestion: policy.pointsPerQuestion,
        poolKey,
        proposedPaperId,
        ip: client.ip,
        deviceId: client.deviceId,
      });
      if (pooled.kind === 'started') {
        this.lastPooledStart.set(policy.contextId, Date.now());
        // No paper back: the attempt took the proposed one, kept here (with its public form, written when drawn).
        const kept = pooled.paper ? null : this.papersKept.get(pooled.seed)!;
        const paper = pooled.paper ?? kept!.paper;
        // The proposed paper is taken, now or (when another was) by a start elsewhere.
        if (proposedPaperId) this.forgetKept(proposedPaperId);
        this.rememberDrawn(pools, paper);
        return this.started(
          { ...pooled, paper, attemptNo: 1, userId, contextId: policy.contextId },
          false,
          kept?.json ?? null,
        );
      }
      if (pooled.kind === 'not-first') {
        // Not taken: still free for the next start (another instance may take it first; the pool then gives another).
        if (proposedPaperId) this.papersToPropose.get(policy.contextId)?.push(proposedPaperId);
        return null;
      }
      if (proposedPaperId) this.forgetKept(proposedPaperId);
      // The pool ran dry: draw here until the next top-up says it holds papers again.
      this.pooledContexts.delete(policy.contextId);
    }
    const seed = randomUUID();
    const drawn = drawPaper(policy.blueprint, pools, new Set(), seed);
    if (!drawn.ok) throw new AppError('BLUEPRINT_UNSATISFIABLE', { entry: drawn.entry, available: drawn.available });
    const inserted = await this.firstStarts.push({
      ...this.newAttempt(policy, userId, pools, drawn.paper, seed, client),
      relatedContextIds: contexts,
    });
    if (!inserted) return null;
    return this.started({ ...inserted, attemptNo: 1, userId, contextId: policy.contextId, paper: drawn.paper }, false);
  }

  /**
   * Tops a context's pool of papers drawn ahead of time up to `wanted` free papers (drawn with nothing seen: for
   * first attempts), after deleting those drawn from other pools than the current ones (a question published, edited
   * or withdrawn since). Drawn here in chunks, each stored in one statement, yielding between chunks so live requests
   * go first. Returns how many papers the pool holds.
   * `wanted` is read after the pool's free papers are counted: a start between the two reads takes a paper and lowers
   * `wanted` by one, so the difference never asks for a paper already drawn (counted the other way round, every start
   * of a rush in between drew a paper more, in the middle of the rush). A pool that still has free papers is left
   * alone while its starts are coming (TOP_UP_QUIET_MS).
   */
  async topUpPapers(policy: AttemptPolicy, wanted: () => Promise<number>): Promise<number> {
    const pools = await policy.pools();
    const poolKey = this.poolKeyOf(pools, policy.blueprint);
    let free = await this.attempts.freePapers(policy.contextId, poolKey);
    const rushing = Date.now() - (this.lastPooledStart.get(policy.contextId) ?? 0) < TOP_UP_QUIET_MS;
    const target = rushing && free > 0 ? free : await wanted();
    const before = free;
    while (free < target) {
      const chunk: DrawnPaper[] = [];
      for (let i = 0; i < Math.min(PAPERS_PER_CHUNK, target - free); i++) {
        const id = randomUUID();
        const drawn = drawPaper(policy.blueprint, pools, new Set(), id);
        if (!drawn.ok)
          throw new AppError('BLUEPRINT_UNSATISFIABLE', { entry: drawn.entry, available: drawn.available });
        chunk.push({ id, maxScore: this.maxScoreOf(pools, drawn.paper, policy.pointsPerQuestion), paper: drawn.paper });
      }
      await this.attempts.insertPapers(policy.contextId, poolKey, chunk);
      this.keepPapers(policy.contextId, poolKey, pools, chunk);
      free += chunk.length;
      await nextTurn();
    }
    // The pool's new size in the statistics before its rush: the pooled start is a named statement whose plan is made
    // again when they change (or REPLAN_EVERY_MS later), and a plan made on a nearly empty pool may scan it whole.
    if (free - before >= PAPERS_PER_CHUNK) await this.attempts.analyzePapers();
    if (free > 0) this.pooledContexts.add(policy.contextId);
    return free;
  }

  /** A closed context: the papers drawn here for it are forgotten (its pool is deleted with the close). */
  forgetPapers(contextId: string): void {
    for (const id of this.papersToPropose.get(contextId) ?? []) this.forgetKept(id);
    this.papersToPropose.delete(contextId);
    this.pooledContexts.delete(contextId);
    this.lastPooledStart.delete(contextId);
  }

  /** Keeps papers just drawn, with their public form written now (in the background, not at their start). */
  private keepPapers(contextId: string, poolKey: string, pools: QuestionSnapshot[][], papers: DrawnPaper[]): void {
    let ids = this.papersToPropose.get(contextId);
    if (!ids) this.papersToPropose.set(contextId, (ids = []));
    const index = this.indexOf(pools);
    for (const p of papers) {
      if (this.papersKept.size >= MAX_PAPERS_KEPT) return;
      let json: Buffer | null = null;
      if (this.keptJsonBytes < MAX_KEPT_JSON_BYTES) {
        json = Buffer.from(
          publicPaperJson(p.paper, new Map(p.paper.map((i) => [i.questionId, index.get(i.versionId)!]))),
        );
        this.keptJsonBytes += json.length;
      }
      this.papersKept.set(p.id, { poolKey, paper: p.paper, json });
      ids.push(p.id);
    }
  }

  private forgetKept(id: string): void {
    const kept = this.papersKept.get(id);
    if (!kept) return;
    this.keptJsonBytes -= kept.json?.length ?? 0;
    this.papersKept.delete(id);
  }

  /** A free paper drawn here from the current pools, or null (papers of older pools are forgotten on the way). */
  private paperToPropose(contextId: string, poolKey: string): string | null {
    const ids = this.papersToPropose.get(contextId);
    for (let id = ids?.pop(); id !== undefined; id = ids!.pop()) {
      if (this.papersKept.get(id)?.poolKey === poolKey) return id;
      this.forgetKept(id);
    }
    return null;
  }

  /** Names the published pools a paper is drawn from: every version of every line, in the blueprint's order. */
  private poolKeyOf(pools: QuestionSnapshot[][], blueprint: BlueprintEntry[]): string {
    let key = this.poolKeys.get(pools);
    if (!key) {
      const hash = createHash('sha256').update(JSON.stringify(blueprint));
      for (const pool of pools)
        hash.update(
          `|${pool
            .map((q) => q.versionId)
            .sort()
            .join(',')}`,
        );
      key = hash.digest('base64url').slice(0, 22);
      this.poolKeys.set(pools, key);
    }
    return key;
  }

  private maxScoreOf(pools: QuestionSnapshot[][], paper: PaperItem[], pointsPerQuestion: number): number {
    const index = this.indexOf(pools);
    return paper.filter((p) => isAutoScored(index.get(p.versionId)!)).length * pointsPerQuestion;
  }

  /** A paper's versions, from the pools it was drawn from, kept for its public form and for scoring its answers. */
  private rememberDrawn(pools: QuestionSnapshot[][], paper: PaperItem[]): void {
    const index = this.indexOf(pools);
    for (const p of paper) {
      const q = index.get(p.versionId);
      if (q) this.rememberVersion(q);
    }
  }

  private newAttempt(
    policy: AttemptPolicy,
    userId: string,
    pools: QuestionSnapshot[][],
    paper: PaperItem[],
    seed: string,
    client: { ip: string | null; deviceId: string | null },
  ): NewAttempt {
    const index = this.indexOf(pools);
    const drawn = paper.map((p) => index.get(p.versionId)!);
    // Kept for the paper's public form and for scoring its answers without asking the bank again.
    for (const q of drawn) this.rememberVersion(q);
    const scored = drawn.filter(isAutoScored).length;
    return {
      contextId: policy.contextId,
      userId,
      durationSeconds: policy.durationSeconds,
      hardDeadline: policy.hardDeadline,
      maxScore: scored * policy.pointsPerQuestion,
      pointsPerQuestion: policy.pointsPerQuestion,
      seed,
      paper,
      ip: client.ip,
      deviceId: client.deviceId,
    };
  }

  /** The pools' snapshots by version, built once per pools (the caller caches them per round): not per start. */
  private indexOf(pools: QuestionSnapshot[][]): Map<string, QuestionSnapshot> {
    let index = this.poolIndexes.get(pools);
    if (!index) {
      index = new Map(pools.flat().map((q) => [q.versionId, q]));
      this.poolIndexes.set(pools, index);
    }
    return index;
  }

  private rememberStarted(person: string): void {
    if (this.startedBefore.size >= MAX_REMEMBERED_STARTS)
      this.startedBefore.delete(this.startedBefore.values().next().value!);
    this.startedBefore.add(person);
  }

  /** `questionsJson`: the paper's public form when written already (a paper drawn ahead of time, kept here). */
  private async started(
    attempt: Pick<AttemptRow, 'id' | 'attemptNo' | 'deadline' | 'userId' | 'contextId' | 'paper'>,
    resumed: boolean,
    questionsJson: Buffer | null = null,
  ): Promise<StartedAttempt> {
    const paper = await this.paperOf(attempt);
    const answers = resumed ? await this.attempts.answersOf(attempt.id) : [];
    return {
      attemptId: attempt.id,
      attemptNo: attempt.attemptNo,
      deadline: attempt.deadline,
      resumed,
      questionsJson: questionsJson ?? Buffer.from(publicPaperJson(attempt.paper, paper.questions)),
      answers: Object.fromEntries(answers.map((a) => [a.questionId, a.value])),
    };
  }

  /** Saves one answer; acknowledged only after the commit of the batch it was written in. */
  async saveAnswer(attemptId: string, userId: string, questionId: string, value: unknown): Promise<{ savedAt: Date }> {
    const paper = await this.cachedPaper(attemptId);
    if (!paper || paper.userId !== userId) throw new AppError('ATTEMPT_NOT_FOUND');
    const question = paper.questions.get(questionId);
    if (!question)
      throw new AppError('ANSWER_INVALID', [{ field: 'questionId', message: 'Câu hỏi không thuộc đề thi này.' }]);
    const problems = validateAnswerShape(question, value);
    if (problems.length) throw new AppError('ANSWER_INVALID', problems);
    // Refused alone here, before it joins a statement with other people's answers (the HTTP hook refuses it first;
    // this holds for every caller of the engine).
    assertWellFormedText(value, 'answer');
    const score = scoreAnswer(question, value as AnswerValue);
    const savedAt = await this.answerWrites.push({
      attemptId,
      userId,
      questionId,
      value: value as AnswerValue,
      fraction: score.fraction,
      correct: score.correct,
    });
    if (!savedAt) throw new AppError('ATTEMPT_CLOSED');
    return { savedAt };
  }

  /** Submits (idempotent: a second call returns the first result). */
  async submit(attemptId: string, userId: string, prediction: number | null): Promise<AttemptResult> {
    const finished =
      (await this.submissions.push({ attemptId, userId, prediction })) ?? (await this.attempts.findById(attemptId));
    if (!finished || finished.userId !== userId) throw new AppError('ATTEMPT_NOT_FOUND');
    if (finished.status !== 'submitted') throw new AppError('ATTEMPT_CLOSED');
    this.papers.delete(attemptId);
    return toResult(finished);
  }

  async result(attemptId: string): Promise<AttemptRow | null> {
    return this.attempts.findById(attemptId);
  }

  /** The snapshots an attempt was drawn with (exact versions, never the current ones). */
  async paperOf(attempt: Pick<AttemptRow, 'id' | 'userId' | 'contextId' | 'paper'>): Promise<CachedPaper> {
    const cached = this.papers.get(attempt.id);
    if (cached) return cached;
    const missing = attempt.paper.map((p) => p.versionId).filter((v) => !this.versions.has(v));
    if (missing.length) for (const q of (await this.bank.getVersions(missing)).values()) this.rememberVersion(q);
    const questions = new Map<string, QuestionSnapshot>();
    for (const item of attempt.paper) {
      const q = this.versions.get(item.versionId);
      if (q) questions.set(item.questionId, q);
    }
    const entry = { userId: attempt.userId, contextId: attempt.contextId, questions };
    if (this.papers.size >= MAX_CACHED_PAPERS) this.papers.delete(this.papers.keys().next().value!);
    this.papers.set(attempt.id, entry);
    return entry;
  }

  /** Another instance (or before a restart) started the attempt: read its paper once, then serve from memory. */
  private async cachedPaper(attemptId: string): Promise<CachedPaper | null> {
    const cached = this.papers.get(attemptId);
    if (cached) return cached;
    const attempt = await this.attempts.findById(attemptId);
    return attempt ? this.paperOf(attempt) : null;
  }

  private rememberVersion(q: QuestionSnapshot): void {
    if (this.versions.has(q.versionId)) return;
    if (this.versions.size >= MAX_CACHED_VERSIONS) this.versions.delete(this.versions.keys().next().value!);
    this.versions.set(q.versionId, q);
  }

  /** Published snapshot versions by id, through the version cache. */
  async versionsById(versionIds: string[]): Promise<Map<string, QuestionSnapshot>> {
    const missing = versionIds.filter((v) => !this.versions.has(v));
    if (missing.length) for (const q of (await this.bank.getVersions(missing)).values()) this.rememberVersion(q);
    return new Map(versionIds.flatMap((v) => (this.versions.has(v) ? [[v, this.versions.get(v)!]] : [])));
  }
}

export function toResult(a: AttemptSummary): AttemptResult {
  return {
    attemptId: a.id,
    contextId: a.contextId,
    score: a.score ?? 0,
    maxScore: a.maxScore,
    correctCount: a.correctCount ?? 0,
    answeredCount: a.answeredCount ?? 0,
    durationMs: a.durationMs ?? 0,
    submittedAt: a.submittedAt!,
    finishedBy: a.finishedBy ?? 'participant',
    prediction: a.prediction,
  };
}

export type { PaperItem };
