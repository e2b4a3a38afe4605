import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { QuestionSnapshot } from '#contracts';
import { AppError, Clock, type Principal } from '#core';
import { QUESTION_PUBLISHED_EVENT, QuestionBankReader, type QuestionPublishedEvent } from '#question-bank';
import { ATTEMPTS_SQL, AttemptLedger, AttemptService, startResponseBody, type AttemptPolicy } from '#quiz-engine';
import type { LessonQuiz } from '../entities/course-lesson.entity.js';
import type { LessonQuizStateDto, QuizSubmitResponseDto } from '../dto/learner.dto.js';
import { CourseCatalog } from './course-catalog.js';
import { CourseCompletion } from './course-completion.js';
import { Enrolments } from './enrolments.js';
import { LearningRepository } from './learning.repository.js';

const POOL_TTL_MS = 60_000;
/** A lesson's quiz has no closing time of its own: an attempt ends at its time limit. */
const NO_CLOSE = new Date('2999-12-31T00:00:00Z');
const POINTS_PER_QUESTION = 1;

/** A submitted quiz's score as a percent of its points; a paper with no scored question passes nobody. */
export function quizPercent(score: number, maxScore: number): number {
  return maxScore > 0 ? Math.round((score / maxScore) * 10_000) / 100 : 0;
}

/** Passed at the pass mark (a score exactly on it passes). */
export const quizPassed = (percent: number, passPercent: number) => percent + 1e-9 >= passPercent;

/**
 * Quiz lessons run on the quiz engine like contest rounds: the lesson is the attempt's context, its settings the
 * policy (time limit, attempts, blueprint over a bank's published questions). Answers are saved through the
 * engine's PUT /attempts/{id}/answers/{questionId}; a pass at the pass mark completes the lesson.
 */
@Injectable()
export class QuizLessons {
  private readonly pools = new Map<string, { at: number; bankId: string; pools: Promise<QuestionSnapshot[][]> }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly attempts: AttemptService,
    private readonly ledger: AttemptLedger,
    private readonly bank: QuestionBankReader,
    private readonly catalog: CourseCatalog,
    private readonly enrolments: Enrolments,
    private readonly completion: CourseCompletion,
    private readonly learning: LearningRepository,
    private readonly clock: Clock,
  ) {}

  @OnEvent(QUESTION_PUBLISHED_EVENT)
  forgetPoolsOfBank(event: QuestionPublishedEvent): void {
    for (const [key, hit] of this.pools) if (hit.bankId === event.bankId) this.pools.delete(key);
  }

  async start(p: Principal, lessonId: string, ip: string | null): Promise<Buffer> {
    const { quiz } = await this.quizLesson(p, lessonId);
    const started = await this.attempts.start(this.policy(lessonId, quiz), p.userId, { ip, deviceId: null });
    return startResponseBody(
      {
        attemptId: started.attemptId,
        attemptNo: started.attemptNo,
        deadline: started.deadline.toISOString(),
        serverNow: new Date().toISOString(),
        resumed: started.resumed,
        answers: started.answers,
      },
      started.questionsJson,
    );
  }

  async submit(p: Principal, lessonId: string, attemptId: string): Promise<QuizSubmitResponseDto> {
    const { quiz, courseId } = await this.quizLesson(p, lessonId);
    const attempt = await this.ledger.findAttempt(attemptId);
    if (!attempt || attempt.userId !== p.userId || attempt.contextId !== lessonId)
      throw new AppError('ATTEMPT_NOT_FOUND');
    const result = await this.attempts.submit(attemptId, p.userId, null);
    const scorePercent = quizPercent(result.score, result.maxScore);
    const passed = quizPassed(scorePercent, quiz.passPercent);
    let lessonCompleted = false;
    let courseCompleted = false;
    if (passed) {
      const done = await this.completion.completeLesson(courseId, lessonId, p.userId, scorePercent);
      lessonCompleted = done.lessonCompleted;
      courseCompleted = done.courseCompleted;
    } else {
      const before = await this.learning.completedLessons(p.userId, [courseId]);
      lessonCompleted = before.some((d) => d.lessonId === lessonId);
      courseCompleted = (await this.learning.findEnrolment(courseId, p.userId))?.completedAt != null;
    }
    return {
      score: result.score,
      maxScore: result.maxScore,
      scorePercent,
      passed,
      passPercent: quiz.passPercent,
      lessonCompleted,
      courseCompleted,
    };
  }

  /** The learner's attempts at a quiz lesson, for the lesson page. */
  async stateOf(quiz: LessonQuiz, lessonId: string, userId: string): Promise<LessonQuizStateDto> {
    const rows = (await this.db.query(
      `SELECT a.id, a.attempt_no AS "attemptNo", a.status, a.score, a.max_score AS "maxScore", a.submitted_at AS "submittedAt"
       FROM ${ATTEMPTS_SQL} a WHERE a.context_id = $1 AND a.user_id = $2 ORDER BY a.attempt_no`,
      [lessonId, userId],
    )) as {
      id: string;
      attemptNo: number;
      status: 'in_progress' | 'submitted';
      score: number | null;
      maxScore: number;
      submittedAt: Date | null;
    }[];
    return {
      passPercent: quiz.passPercent,
      durationSeconds: quiz.durationSeconds,
      maxAttempts: quiz.maxAttempts,
      questionCount: quiz.blueprint.reduce((n, b) => n + b.count, 0),
      attempts: rows.map((r) => {
        const percent = r.status === 'submitted' ? quizPercent(Number(r.score ?? 0), Number(r.maxScore)) : null;
        return {
          attemptId: r.id,
          attemptNo: r.attemptNo,
          status: r.status,
          scorePercent: percent,
          passed: percent !== null && quizPassed(percent, quiz.passPercent),
          submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
        };
      }),
    };
  }

  private async quizLesson(p: Principal, lessonId: string): Promise<{ quiz: LessonQuiz; courseId: string }> {
    const found = await this.catalog.lesson(lessonId);
    if (!found || found.course.course.status === 'draft') throw new AppError('LESSON_NOT_FOUND');
    if (found.lesson.kind !== 'quiz' || !found.lesson.quiz) throw new AppError('LESSON_KIND_MISMATCH');
    const courseId = found.course.course.id;
    await this.enrolments.assertEnrolled(courseId, p.userId);
    return { quiz: found.lesson.quiz, courseId };
  }

  private policy(lessonId: string, quiz: LessonQuiz): AttemptPolicy {
    return {
      contextId: lessonId,
      relatedContextIds: [lessonId],
      maxAttempts: quiz.maxAttempts,
      durationSeconds: quiz.durationSeconds,
      hardDeadline: NO_CLOSE,
      pointsPerQuestion: POINTS_PER_QUESTION,
      blueprint: quiz.blueprint,
      pools: () => this.lessonPools(lessonId, quiz),
    };
  }

  private lessonPools(lessonId: string, quiz: LessonQuiz): Promise<QuestionSnapshot[][]> {
    const key = `${lessonId}/${JSON.stringify(quiz)}`;
    const hit = this.pools.get(key);
    if (hit && this.clock.nowMs() - hit.at < POOL_TTL_MS) return hit.pools;
    const pools = Promise.all(
      quiz.blueprint.map((b) =>
        this.bank.publishedPool({
          bankId: quiz.bankId,
          category: b.category,
          ...(b.difficulty ? { difficulty: b.difficulty } : {}),
        }),
      ),
    );
    if (this.pools.size > 5_000) this.pools.clear();
    this.pools.set(key, { at: this.clock.nowMs(), bankId: quiz.bankId, pools });
    pools.catch(() => this.pools.delete(key));
    return pools;
  }
}
