import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError, Clock, WriteBatcher, type Principal } from '#core';
import type { ScormProgressResponseDto } from '../dto/learner.dto.js';
import type { ScormCmi } from '../dto/scorm-cmi-body.js';
import { CourseCatalog } from '../learning/course-catalog.js';
import { CourseCompletion } from '../learning/course-completion.js';
import { Enrolments } from '../learning/enrolments.js';
import type { ShimState } from './scorm-shim.js';

export interface ScormWrite {
  courseId: string;
  lessonId: string;
  userId: string;
  lessonStatus: string;
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  suspendData: string | null;
  lessonLocation: string | null;
  sessionTime: string | null;
  sessionSeconds: number;
}

/** HHHH:MM:SS(.SS) of SCORM 1.2's CMITimespan, in seconds; anything else counts as nothing. */
export function scormTimespanSeconds(value: string | null | undefined): number {
  const m = /^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$/.exec(value ?? '');
  if (!m) return 0;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mi > 59 || s > 59) return 0;
  return h * 3600 + mi * 60 + s + Number(m[4] ?? 0);
}

const DONE = new Set(['passed', 'completed']);

/**
 * Saving SCORM run-time data: thousands of learners commit every 30 s or so, so a save reads nothing from the
 * database (the lesson comes from memory, the enrolment is joined by the write) and is written with the saves
 * arriving at the same time in one statement (WriteBatcher), acknowledged after its commit. A status of passed or completed completes the lesson
 * (and maybe the course) once; a finished lesson never goes back to incomplete.
 */
@Injectable()
export class ScormProgressWriter {
  /** Each save's commit time, or null when the learner is not enrolled in the lesson's course (nothing written). */
  private readonly writes = new WriteBatcher<ScormWrite, Date | null>({
    write: (items) => this.upsert(items),
    name: 'SCORM progress saves',
    maxBatch: 500,
    maxInFlight: 3,
  });
  /** `${lessonId}/${userId}` whose lesson completion is recorded: later saves skip the completion transaction. */
  private readonly completed = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalog: CourseCatalog,
    private readonly enrolments: Enrolments,
    private readonly completion: CourseCompletion,
    private readonly clock: Clock,
  ) {}

  async save(p: Principal, lessonId: string, dto: ScormCmi): Promise<ScormProgressResponseDto> {
    const found = await this.catalog.lesson(lessonId);
    if (!found) throw new AppError('LESSON_NOT_FOUND');
    if (found.lesson.kind !== 'scorm') throw new AppError('LESSON_KIND_MISMATCH');
    const courseId = found.course.course.id;
    const write: ScormWrite = {
      courseId,
      lessonId,
      userId: p.userId,
      lessonStatus: dto.lessonStatus,
      scoreRaw: dto.scoreRaw ?? null,
      scoreMin: dto.scoreMin ?? null,
      scoreMax: dto.scoreMax ?? null,
      suspendData: dto.suspendData ?? null,
      lessonLocation: dto.lessonLocation ?? null,
      sessionTime: dto.sessionTime ?? null,
      sessionSeconds: scormTimespanSeconds(dto.sessionTime),
    };
    // The write itself checks the enrolment (it joins it), so a save reads nothing before it, not even a learner's
    // first. Written nothing: not enrolled, or a late joiner of an enrolled unit not yet materialized; the full
    // check enrols the latter (NOT_ENROLLED for the others), and the save is written once more.
    let savedAt = await this.writes.push(write);
    if (!savedAt) {
      await this.enrolments.assertEnrolled(courseId, p.userId);
      savedAt = await this.writes.push(write);
      if (!savedAt) throw new AppError('NOT_ENROLLED');
    }
    let lessonCompleted = this.completed.has(`${lessonId}/${p.userId}`);
    let courseCompleted = false;
    if (DONE.has(dto.lessonStatus) && !lessonCompleted) {
      const max = dto.scoreMax ?? 100;
      const score =
        dto.scoreRaw !== undefined && dto.scoreRaw !== null && max > 0
          ? Math.max(0, Math.min(100, (dto.scoreRaw / max) * 100))
          : null;
      const result = await this.completion.completeLesson(courseId, lessonId, p.userId, score);
      this.rememberCompleted(`${lessonId}/${p.userId}`);
      lessonCompleted = result.lessonCompleted;
      courseCompleted = result.courseCompleted;
    }
    return { savedAt: savedAt.toISOString(), lessonCompleted, courseCompleted };
  }

  /** What the package resumes with (defaults for a first launch). */
  async stateOf(lessonId: string, userId: string): Promise<Omit<ShimState, 'studentId'>> {
    const [row] = (await this.db.query(
      `SELECT lesson_status AS "lessonStatus", score_raw AS "scoreRaw", score_min AS "scoreMin", score_max AS "scoreMax",
         coalesce(suspend_data, '') AS "suspendData", coalesce(lesson_location, '') AS "lessonLocation",
         total_seconds AS "totalSeconds"
       FROM scorm_progress WHERE lesson_id = $1 AND user_id = $2`,
      [lessonId, userId],
    )) as Omit<ShimState, 'studentId'>[];
    return (
      row ?? {
        lessonStatus: 'not attempted',
        scoreRaw: null,
        scoreMin: null,
        scoreMax: null,
        suspendData: '',
        lessonLocation: '',
        totalSeconds: 0,
      }
    );
  }

  private rememberCompleted(key: string): void {
    if (this.completed.size >= 200_000) this.completed.clear();
    this.completed.add(key);
  }

  /**
   * One statement for a batch. Two saves of one learner and lesson in one batch would make ON CONFLICT touch a row
   * twice, so the later save wins within the batch (both are answered with the same commit); their session times add.
   */
  private async upsert(items: ScormWrite[]): Promise<(Date | null)[]> {
    const byKey = new Map<string, ScormWrite>();
    for (const item of items) {
      const key = `${item.lessonId}/${item.userId}`;
      const before = byKey.get(key);
      byKey.set(key, before ? { ...item, sessionSeconds: before.sessionSeconds + item.sessionSeconds } : item);
    }
    // In key order, so two statements in flight at once lock shared rows in the same order (no deadlock).
    const rows = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    const column = <K extends keyof ScormWrite>(k: K) => rows.map((r) => r[k]);
    const now = this.clock.now();
    // Only enrolled learners' saves are written (the join, on the enrolment's unique index); kept in key order.
    const written = (await this.db.query(
      `INSERT INTO scorm_progress AS s (lesson_id, user_id, lesson_status, score_raw, score_min, score_max,
         suspend_data, lesson_location, session_time, total_seconds, updated_at)
       SELECT v.lesson_id, v.user_id, v.lesson_status, v.score_raw, v.score_min, v.score_max,
         v.suspend_data, v.lesson_location, v.session_time, v.session_seconds, $11
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::real[], $5::real[], $6::real[], $7::text[], $8::text[],
         $9::text[], $10::real[], $12::uuid[]) WITH ORDINALITY
         AS v(lesson_id, user_id, lesson_status, score_raw, score_min, score_max, suspend_data, lesson_location,
           session_time, session_seconds, course_id, ord)
       JOIN course_enrolment e ON e.course_id = v.course_id AND e.user_id = v.user_id
       ORDER BY v.ord
       ON CONFLICT (lesson_id, user_id) DO UPDATE SET
         lesson_status = CASE
           WHEN s.lesson_status IN ('passed', 'completed') AND EXCLUDED.lesson_status NOT IN ('passed', 'completed')
           THEN s.lesson_status ELSE EXCLUDED.lesson_status END,
         score_raw = coalesce(EXCLUDED.score_raw, s.score_raw),
         score_min = coalesce(EXCLUDED.score_min, s.score_min),
         score_max = coalesce(EXCLUDED.score_max, s.score_max),
         suspend_data = coalesce(EXCLUDED.suspend_data, s.suspend_data),
         lesson_location = coalesce(EXCLUDED.lesson_location, s.lesson_location),
         session_time = coalesce(EXCLUDED.session_time, s.session_time),
         total_seconds = s.total_seconds + EXCLUDED.total_seconds,
         updated_at = EXCLUDED.updated_at
       RETURNING s.lesson_id || '/' || s.user_id AS key`,
      [
        column('lessonId'),
        column('userId'),
        column('lessonStatus'),
        column('scoreRaw'),
        column('scoreMin'),
        column('scoreMax'),
        column('suspendData'),
        column('lessonLocation'),
        column('sessionTime'),
        column('sessionSeconds'),
        now,
        column('courseId'),
      ],
    )) as { key: string }[];
    const keys = new Set(written.map((r) => r.key));
    return items.map((item) => (keys.has(`${item.lessonId}/${item.userId}`.toLowerCase()) ? now : null));
  }
}
