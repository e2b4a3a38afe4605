import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Population } from '#contracts';
import { inSubtreeSql, PEOPLE_SQL, UNITS_SQL } from '#identity';
import { returnedRows } from '#quiz-engine';

export interface EnrolmentRow {
  id: string;
  courseId: string;
  userId: string;
  dueAt: Date | null;
  lastLessonId: string | null;
  lastActivityAt: Date | null;
  completedAt: Date | null;
  scorePercent: number | null;
}

const ENROLMENT_COLUMNS = `e.id, e.course_id AS "courseId", e.user_id AS "userId", e.due_at AS "dueAt",
  e.last_lesson_id AS "lastLessonId", e.last_activity_at AS "lastActivityAt", e.completed_at AS "completedAt",
  e.score_percent AS "scorePercent"`;

/**
 * Rules of a unit's enrolment matching people: the rule's unit subtree as the tree is now, the person's population in
 * the rule's list. One place, so enrolling a unit, a late joiner and a progress report agree on who is in.
 */
const RULE_MATCHES = `course_enrolment_rule r
  JOIN course c ON c.id = r.course_id AND c.status = 'published'
  JOIN ${UNITS_SQL} ru ON ru.id = r.unit_id
  JOIN ${UNITS_SQL} pu ON ${inSubtreeSql('pu.path', 'ru.path')}
  JOIN ${PEOPLE_SQL} p ON p.unit_id = pu.id AND p.population = ANY (r.populations)`;

/** Enrolments, lesson completions and the course completion: the only door to those tables. */
@Injectable()
export class LearningRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insertRule(rule: {
    courseId: string;
    unitId: string;
    populations: Population[];
    dueAt: Date | null;
    createdBy: string | null;
  }): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO course_enrolment_rule (course_id, unit_id, populations, due_at, created_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_course_enrolment_rule_course_unit
       DO UPDATE SET populations = EXCLUDED.populations, due_at = EXCLUDED.due_at
       RETURNING id`,
      [rule.courseId, rule.unitId, rule.populations, rule.dueAt, rule.createdBy],
    )) as { id: string }[];
    return row!.id;
  }

  /** Enrols everyone a rule matches who is not enrolled yet (never twice: the unique constraint). */
  async materializeRule(ruleId: string): Promise<number> {
    const rows = (await this.db.query(
      `INSERT INTO course_enrolment (course_id, user_id, rule_id, due_at)
       SELECT r.course_id, p.id, r.id, r.due_at FROM ${RULE_MATCHES} WHERE r.id = $1
       ON CONFLICT ON CONSTRAINT uq_course_enrolment_course_user DO NOTHING RETURNING id`,
      [ruleId],
    )) as unknown[];
    return rows.length;
  }

  /** Late joiners of every rule of a course (before its progress is read). */
  async materializeCourse(courseId: string): Promise<number> {
    const rows = (await this.db.query(
      `INSERT INTO course_enrolment (course_id, user_id, rule_id, due_at)
       SELECT DISTINCT ON (p.id) r.course_id, p.id, r.id, r.due_at FROM ${RULE_MATCHES} WHERE r.course_id = $1
       ORDER BY p.id, r.due_at NULLS LAST
       ON CONFLICT ON CONSTRAINT uq_course_enrolment_course_user DO NOTHING RETURNING id`,
      [courseId],
    )) as unknown[];
    return rows.length;
  }

  /** A person's enrolments by rules made before they joined their unit (or changed population): one statement. */
  async materializePerson(userId: string): Promise<number> {
    const rows = (await this.db.query(
      `INSERT INTO course_enrolment (course_id, user_id, rule_id, due_at)
       SELECT DISTINCT ON (r.course_id) r.course_id, p.id, r.id, r.due_at FROM ${RULE_MATCHES} WHERE p.id = $1
       ORDER BY r.course_id, r.due_at NULLS LAST
       ON CONFLICT ON CONSTRAINT uq_course_enrolment_course_user DO NOTHING RETURNING id`,
      [userId],
    )) as unknown[];
    return rows.length;
  }

  async enrolSelf(courseId: string, userId: string): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO course_enrolment (course_id, user_id) VALUES ($1, $2)
       ON CONFLICT ON CONSTRAINT uq_course_enrolment_course_user DO NOTHING RETURNING id`,
      [courseId, userId],
    )) as unknown[];
    return rows.length > 0;
  }

  async rules(courseId: string): Promise<
    {
      id: string;
      unitId: string;
      unitName: string;
      populations: Population[];
      dueAt: Date | null;
      enrolledCount: number;
      createdAt: Date;
    }[]
  > {
    return this.db.query(
      `SELECT r.id, r.unit_id AS "unitId", coalesce(u.name, '') AS "unitName", r.populations, r.due_at AS "dueAt",
         r.created_at AS "createdAt",
         (SELECT count(*)::int FROM course_enrolment e WHERE e.rule_id = r.id) AS "enrolledCount"
       FROM course_enrolment_rule r LEFT JOIN ${UNITS_SQL} u ON u.id = r.unit_id
       WHERE r.course_id = $1 ORDER BY r.created_at`,
      [courseId],
    );
  }

  async findRule(ruleId: string): Promise<{ id: string; courseId: string; unitId: string } | null> {
    const [row] = (await this.db.query(
      'SELECT id, course_id AS "courseId", unit_id AS "unitId" FROM course_enrolment_rule WHERE id = $1',
      [ruleId],
    )) as { id: string; courseId: string; unitId: string }[];
    return row ?? null;
  }

  /**
   * Removes a unit's enrolment rule: nobody is enrolled by it any more (late joiners included). The people it
   * enrolled stay enrolled (their row no longer names the rule), except, when asked, those who never started: no
   * activity, no lesson or SCORM progress, no completion. A learner's progress is never deleted here.
   */
  async deleteRule(
    ruleId: string,
    removeNotStarted: boolean,
  ): Promise<{ kept: number; removed: number; removedUserIds: string[] }> {
    return this.db.transaction(async (m) => {
      const locked = (await m.query('SELECT id FROM course_enrolment_rule WHERE id = $1 FOR UPDATE', [
        ruleId,
      ])) as unknown[];
      if (!locked.length) return { kept: 0, removed: 0, removedUserIds: [] };
      const removed = removeNotStarted
        ? returnedRows<{ userId: string }>(
            await m.query(
              `DELETE FROM course_enrolment e WHERE e.rule_id = $1 AND e.completed_at IS NULL
                 AND e.last_activity_at IS NULL AND e.last_lesson_id IS NULL
                 AND NOT EXISTS (SELECT 1 FROM course_lesson_progress p
                                 WHERE p.course_id = e.course_id AND p.user_id = e.user_id)
                 AND NOT EXISTS (SELECT 1 FROM scorm_progress s JOIN course_lesson l ON l.id = s.lesson_id
                                 WHERE l.course_id = e.course_id AND s.user_id = e.user_id)
               RETURNING e.user_id AS "userId"`,
              [ruleId],
            ),
          )
        : [];
      const kept = returnedRows<unknown>(
        await m.query('UPDATE course_enrolment SET rule_id = NULL WHERE rule_id = $1 RETURNING id', [ruleId]),
      ).length;
      await m.query('DELETE FROM course_enrolment_rule WHERE id = $1', [ruleId]);
      return { kept, removed: removed.length, removedUserIds: removed.map((r) => r.userId) };
    });
  }

  async findEnrolment(
    courseId: string,
    userId: string,
    m: EntityManager = this.db.manager,
  ): Promise<EnrolmentRow | null> {
    const [row] = (await m.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM course_enrolment e WHERE e.course_id = $1 AND e.user_id = $2`,
      [courseId, userId],
    )) as EnrolmentRow[];
    return row ?? null;
  }

  /** The enrolment, locked for the rest of the transaction: completions of one learner in one course take turns. */
  async lockEnrolment(m: EntityManager, courseId: string, userId: string): Promise<EnrolmentRow | null> {
    const [row] = (await m.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM course_enrolment e WHERE e.course_id = $1 AND e.user_id = $2 FOR UPDATE`,
      [courseId, userId],
    )) as EnrolmentRow[];
    return row ?? null;
  }

  async enrolmentsOf(userId: string): Promise<EnrolmentRow[]> {
    return this.db.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM course_enrolment e JOIN course c ON c.id = e.course_id
       WHERE e.user_id = $1 AND c.status <> 'draft' ORDER BY e.completed_at NULLS FIRST, e.due_at NULLS LAST, e.enrolled_at DESC`,
      [userId],
    );
  }

  async touchLesson(courseId: string, userId: string, lessonId: string): Promise<void> {
    await this.db.query(
      `UPDATE course_enrolment SET last_lesson_id = $3, last_activity_at = now()
       WHERE course_id = $1 AND user_id = $2 AND last_lesson_id IS DISTINCT FROM $3`,
      [courseId, userId, lessonId],
    );
  }

  /** Completed lessons of a learner in some courses, with their scores. */
  async completedLessons(
    userId: string,
    courseIds: string[],
  ): Promise<{ lessonId: string; courseId: string; scorePercent: number | null }[]> {
    if (!courseIds.length) return [];
    return this.db.query(
      `SELECT lesson_id AS "lessonId", course_id AS "courseId", score_percent AS "scorePercent"
       FROM course_lesson_progress WHERE user_id = $1 AND course_id = ANY ($2::uuid[])`,
      [userId, courseIds],
    );
  }

  /** Records a lesson's completion once; true when this call recorded it. */
  async insertLessonCompletion(
    m: EntityManager,
    row: { lessonId: string; userId: string; courseId: string; scorePercent: number | null },
  ): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO course_lesson_progress (lesson_id, user_id, course_id, completed_at, score_percent)
       VALUES ($1, $2, $3, now(), $4) ON CONFLICT (lesson_id, user_id) DO NOTHING RETURNING lesson_id`,
      [row.lessonId, row.userId, row.courseId, row.scorePercent],
    )) as unknown[];
    return rows.length > 0;
  }

  async completedLessonIds(m: EntityManager, courseId: string, userId: string): Promise<Map<string, number | null>> {
    const rows = (await m.query(
      `SELECT lesson_id AS "lessonId", score_percent AS "scorePercent" FROM course_lesson_progress
       WHERE course_id = $1 AND user_id = $2`,
      [courseId, userId],
    )) as { lessonId: string; scorePercent: number | null }[];
    return new Map(rows.map((r) => [r.lessonId, r.scorePercent]));
  }

  /** Sets the completion once: null when it was recorded before. */
  async markCompleted(
    m: EntityManager,
    enrolmentId: string,
    scorePercent: number | null,
  ): Promise<{ completionId: string; completedAt: Date } | null> {
    const result: unknown = await m.query(
      `UPDATE course_enrolment SET completed_at = now(), completion_id = gen_random_uuid(), score_percent = $2
       WHERE id = $1 AND completed_at IS NULL RETURNING completion_id AS "completionId", completed_at AS "completedAt"`,
      [enrolmentId, scorePercent],
    );
    return returnedRows<{ completionId: string; completedAt: Date }>(result)[0] ?? null;
  }

  async person(m: EntityManager, userId: string): Promise<{ unitId: string | null; population: Population | null }> {
    const [row] = (await m.query(`SELECT unit_id AS "unitId", population FROM ${PEOPLE_SQL} p WHERE p.id = $1`, [
      userId,
    ])) as { unitId: string | null; population: Population | null }[];
    return row ?? { unitId: null, population: null };
  }

  async unitPath(unitId: string): Promise<string | null> {
    const [row] = (await this.db.query(`SELECT path FROM ${UNITS_SQL} u WHERE u.id = $1`, [unitId])) as {
      path: string;
    }[];
    return row?.path ?? null;
  }
}
