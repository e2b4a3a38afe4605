import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AnswerValue, QuestionSnapshot } from '#contracts';
import { AppError } from '#core';
import { QuestionBankReader } from '#question-bank';
import { AttemptRepository, type AttemptRow } from './attempt.repository.js';
import { drawPaper, toPublicQuestion, type BlueprintEntry, type PaperItem, type PublicQuestion } from './paper.js';
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
  questions: PublicQuestion[];
  answers: Record<string, AnswerValue>;
}

export interface AttemptResult {
  attemptId: string;
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
const SWEEP_EVERY_MS = 5_000;
const SWEEP_BATCH = 5_000;

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

  /** Starts an attempt, or resumes the one in progress (same paper, same deadline). */
  async start(
    policy: AttemptPolicy,
    userId: string,
    client: { ip: string | null; deviceId: string | null },
  ): Promise<StartedAttempt> {
    const pools = await policy.pools();
    const outcome = await this.attempts.transaction(async (m) => {
      await this.attempts.lockPerson(m, policy.contextId, userId);
      const mine = await this.attempts.findForPerson(m, userId, [
        policy.contextId,
        ...policy.relatedContextIds.filter((id) => id !== policy.contextId),
      ]);
      const here = mine.filter((a) => a.contextId === policy.contextId);
      const open = here.find((a) => a.status === 'in_progress');
      if (open && !open.expired) return { attempt: open, resumed: true };
      if (open) await this.attempts.finishAllOpenFor(m, open.id);
      if (here.length >= policy.maxAttempts) throw new AppError('ATTEMPT_LIMIT_REACHED');
      const seen = new Set(mine.flatMap((a) => a.paper.map((p) => p.questionId)));
      const seed = randomUUID();
      const drawn = drawPaper(policy.blueprint, pools, seen, seed);
      if (!drawn.ok) throw new AppError('BLUEPRINT_UNSATISFIABLE', { entry: drawn.entry, available: drawn.available });
      const byId = new Map(pools.flat().map((q) => [q.versionId, q]));
      const scored = drawn.paper.filter((p) => isAutoScored(byId.get(p.versionId)!)).length;
      const attempt = await this.attempts.insert(m, {
        contextId: policy.contextId,
        userId,
        attemptNo: here.length + 1,
        durationSeconds: policy.durationSeconds,
        hardDeadline: policy.hardDeadline,
        maxScore: scored * policy.pointsPerQuestion,
        pointsPerQuestion: policy.pointsPerQuestion,
        seed,
        paper: drawn.paper,
        ip: client.ip,
        deviceId: client.deviceId,
      });
      for (const q of pools.flat()) this.rememberVersion(q);
      return { attempt, resumed: false };
    });
    const paper = await this.paperOf(outcome.attempt);
    const answers = outcome.resumed ? await this.attempts.answersOf(outcome.attempt.id) : [];
    return {
      attemptId: outcome.attempt.id,
      attemptNo: outcome.attempt.attemptNo,
      deadline: outcome.attempt.deadline,
      resumed: outcome.resumed,
      questions: outcome.attempt.paper.map((item) => toPublicQuestion(paper.questions.get(item.questionId)!, item)),
      answers: Object.fromEntries(answers.map((a) => [a.questionId, a.value])),
    };
  }

  /** Saves one answer; acknowledged only after the commit. */
  async saveAnswer(attemptId: string, userId: string, questionId: string, value: unknown): Promise<{ savedAt: Date }> {
    const paper = await this.cachedPaper(attemptId);
    if (!paper || paper.userId !== userId) throw new AppError('ATTEMPT_NOT_FOUND');
    const question = paper.questions.get(questionId);
    if (!question)
      throw new AppError('ANSWER_INVALID', [{ field: 'questionId', message: 'Câu hỏi không thuộc đề thi này.' }]);
    const problems = validateAnswerShape(question, value);
    if (problems.length) throw new AppError('ANSWER_INVALID', problems);
    const score = scoreAnswer(question, value as AnswerValue);
    const savedAt = await this.attempts.upsertAnswer(
      attemptId,
      userId,
      questionId,
      value as AnswerValue,
      score.fraction,
      score.correct,
    );
    if (!savedAt) throw new AppError('ATTEMPT_CLOSED');
    return { savedAt };
  }

  /** Submits (idempotent: a second call returns the first result). */
  async submit(attemptId: string, userId: string, prediction: number | null): Promise<AttemptResult> {
    const before = await this.attempts.findById(attemptId);
    if (!before || before.userId !== userId) throw new AppError('ATTEMPT_NOT_FOUND');
    if (before.status === 'in_progress') await this.attempts.finishByParticipant(attemptId, prediction);
    const after = (await this.attempts.findById(attemptId))!;
    if (after.status !== 'submitted') throw new AppError('ATTEMPT_CLOSED');
    this.papers.delete(attemptId);
    return toResult(after);
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

export function toResult(a: AttemptRow): AttemptResult {
  return {
    attemptId: a.id,
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
