import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AttemptRepository, type AttemptRow } from './attempt.repository.js';

/**
 * What a module that runs attempts in a context of its own (a contest round) may read of them and do to them besides
 * starting, answering and submitting (AttemptService): review one, close the context, regrade. Writes take the
 * caller's transaction, so closing a round and freezing its ranking stay one commit. The repository stays private.
 */
@Injectable()
export class AttemptLedger {
  constructor(private readonly attempts: AttemptRepository) {}

  findAttempt(attemptId: string): Promise<AttemptRow | null> {
    return this.attempts.findById(attemptId);
  }

  answersOf(attemptId: string): ReturnType<AttemptRepository['answersOf']> {
    return this.attempts.answersOf(attemptId);
  }

  /**
   * Closes a context inside the caller's transaction: every attempt still open is finished now, and the papers drawn
   * ahead that nobody took are discarded (nobody can start any more). Returns how many attempts it finished.
   */
  async closeContext(m: EntityManager, contextId: string): Promise<number> {
    const finished = await this.attempts.finishAllOpen(m, contextId);
    await this.attempts.discardPapers(contextId, m);
    return finished;
  }

  /** Versions drawn into a context's papers, per question. */
  versionsInContext(contextId: string): ReturnType<AttemptRepository['versionsInContext']> {
    return this.attempts.versionsInContext(contextId);
  }

  /** Answers to some questions across a context's submitted attempts, with the version each attempt was drawn with. */
  answersToQuestions(contextId: string, questionIds: string[]): ReturnType<AttemptRepository['answersToQuestions']> {
    return this.attempts.answersToQuestions(contextId, questionIds);
  }

  /** Writes rescored answers and re-sums the touched attempts' scores in the caller's transaction; old and new scores. */
  applyRegrade(
    m: EntityManager,
    changes: Parameters<AttemptRepository['applyRegrade']>[1],
  ): ReturnType<AttemptRepository['applyRegrade']> {
    return this.attempts.applyRegrade(m, changes);
  }
}
