import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Population } from '#contracts';
import { inSubtreeSql, PEOPLE_SQL, UNITS_SQL } from '#identity';

export interface ProgressCounts {
  key: string;
  label: string;
  enrolled: number;
  started: number;
  completed: number;
  overdue: number;
}

export interface LearnerRow {
  userId: string;
  fullName: string;
  unitName: string | null;
  population: Population | null;
  completedLessons: number;
  dueAt: Date | null;
  completedAt: Date | null;
  lastActivityAt: Date | null;
  overdue: boolean;
}

/** Enrolments of a course whose learner's unit lies under `$2` (a path; '' for everyone). */
const ENROLLED_UNDER = `course_enrolment e
  JOIN ${PEOPLE_SQL} p ON p.id = e.user_id
  LEFT JOIN ${UNITS_SQL} pu ON pu.id = p.unit_id
  WHERE e.course_id = $1 AND ($2::text = '' OR (pu.path IS NOT NULL AND ${inSubtreeSql('pu.path', '$2::text')}))`;

const COUNTS = `count(e.id)::int AS enrolled,
  count(e.id) FILTER (WHERE e.last_activity_at IS NOT NULL OR e.completed_at IS NOT NULL)::int AS started,
  count(e.id) FILTER (WHERE e.completed_at IS NOT NULL)::int AS completed,
  count(e.id) FILTER (WHERE e.completed_at IS NULL AND e.due_at < now())::int AS overdue`;

/** Progress of a course's learners by unit, population and person, within a subtree. */
@Injectable()
export class ProgressRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async unit(unitId: string): Promise<{ id: string; name: string; path: string } | null> {
    const [row] = (await this.db.query(`SELECT id, name, path FROM ${UNITS_SQL} u WHERE u.id = $1`, [unitId])) as {
      id: string;
      name: string;
      path: string;
    }[];
    return row ?? null;
  }

  async total(courseId: string, path: string): Promise<Omit<ProgressCounts, 'key' | 'label'>> {
    const [row] = (await this.db.query(`SELECT ${COUNTS} FROM ${ENROLLED_UNDER}`, [courseId, path])) as Omit<
      ProgressCounts,
      'key' | 'label'
    >[];
    return row!;
  }

  /**
   * One row per child of the unit at `path` (or per top unit when `unitId` is null), counting their subtrees: each
   * learner's child is the next id of their unit's path after `path` (`/a/b/` → `c` of `/a/b/c/d/`), so the join is
   * on equality, not a prefix match per pair.
   */
  async byChildUnit(courseId: string, path: string, unitId: string | null): Promise<ProgressCounts[]> {
    return this.db.query(
      `SELECT c.id AS key, c.name AS label, ${COUNTS}
       FROM ${UNITS_SQL} c
       LEFT JOIN (SELECT e.id, e.last_activity_at, e.completed_at, e.due_at,
           split_part(substr(pu.path, length($2::text) + 1), '/', CASE WHEN $2::text = '' THEN 2 ELSE 1 END) AS child
         FROM ${ENROLLED_UNDER}) e ON e.child = c.id::text
       WHERE c.parent_id IS NOT DISTINCT FROM $3::uuid AND c.active
       GROUP BY c.id, c.name ORDER BY c.name`,
      [courseId, path, unitId],
    );
  }

  async byPopulation(courseId: string, path: string): Promise<ProgressCounts[]> {
    return this.db.query(
      `SELECT coalesce(p.population, '') AS key, coalesce(p.population, '') AS label, ${COUNTS}
       FROM ${ENROLLED_UNDER} GROUP BY p.population ORDER BY p.population NULLS LAST`,
      [courseId, path],
    );
  }

  async learners(
    courseId: string,
    path: string,
    options: { overdueOnly: boolean; limit: number; offset: number },
  ): Promise<{ rows: LearnerRow[]; total: number }> {
    const filter = options.overdueOnly ? 'AND e.completed_at IS NULL AND e.due_at < now()' : '';
    const rows = (await this.db.query(
      `SELECT e.user_id AS "userId", p.full_name AS "fullName", pu.name AS "unitName", p.population,
         (SELECT count(*)::int FROM course_lesson_progress lp WHERE lp.course_id = e.course_id AND lp.user_id = e.user_id)
           AS "completedLessons",
         e.due_at AS "dueAt", e.completed_at AS "completedAt", e.last_activity_at AS "lastActivityAt",
         (e.completed_at IS NULL AND e.due_at < now()) AS overdue,
         count(*) OVER ()::int AS total
       FROM ${ENROLLED_UNDER} ${filter}
       ORDER BY pu.name NULLS LAST, p.full_name, e.user_id
       LIMIT $3 OFFSET $4`,
      [courseId, path, options.limit, options.offset],
    )) as (LearnerRow & { total: number })[];
    return { rows, total: rows[0]?.total ?? 0 };
  }
}
